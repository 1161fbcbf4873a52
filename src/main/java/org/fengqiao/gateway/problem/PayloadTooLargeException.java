package org.fengqiao.gateway.problem;

/** The body is larger than its source may send; answered with 413, nothing read further. */
public class PayloadTooLargeException extends RuntimeException implements Localized {

    private final long limitBytes;
    private final Text text;

    public PayloadTooLargeException(String message, long limitBytes) {
        super(message);
        this.limitBytes = limitBytes;
        this.text = null;
    }

    public PayloadTooLargeException(Text text, long limitBytes) {
        super(text.english());
        this.limitBytes = limitBytes;
        this.text = text;
    }

    public long limitBytes() {
        return limitBytes;
    }

    @Override
    public Text text() {
        return text;
    }
}
