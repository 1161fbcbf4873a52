package org.fengqiao.gateway.problem;

/** The request makes no sense in the resource's current state; the answer names that state. */
public class ConflictException extends RuntimeException {

    private final String currentState;

    public ConflictException(String message, String currentState) {
        super(message);
        this.currentState = currentState;
    }

    public String currentState() {
        return currentState;
    }
}
