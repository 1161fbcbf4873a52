package org.fengqiao.gateway.problem;

public class NotFoundException extends RuntimeException implements Localized {

    private final Text text;

    public NotFoundException(String message) {
        super(message);
        this.text = null;
    }

    public NotFoundException(Text text) {
        super(text.english());
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }
}
