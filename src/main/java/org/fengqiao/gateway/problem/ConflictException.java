package org.fengqiao.gateway.problem;

/** The request makes no sense in the resource's current state; the answer names that state. */
public class ConflictException extends RuntimeException implements Localized {

    private final String currentState;
    private final Text text;

    public ConflictException(String message, String currentState) {
        super(message);
        this.currentState = currentState;
        this.text = null;
    }

    public ConflictException(Text text, String currentState) {
        super(text.english());
        this.currentState = currentState;
        this.text = text;
    }

    public String currentState() {
        return currentState;
    }

    @Override
    public Text text() {
        return text;
    }
}
