package org.fengqiao.gateway.problem;

/** The caller may not act on this resource (e.g. a handler that does not hold the dispute). */
public class ForbiddenException extends RuntimeException implements Localized {

    private final Text text;

    public ForbiddenException(String message) {
        super(message);
        this.text = null;
    }

    public ForbiddenException(Text text) {
        super(text.english());
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }
}
