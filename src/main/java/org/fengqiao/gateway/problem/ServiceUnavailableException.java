package org.fengqiao.gateway.problem;

import java.time.Duration;

/** A dependency (the broker, the ledger) is down: the client should retry after a while. */
public class ServiceUnavailableException extends RuntimeException implements Localized {

    private final Duration retryAfter;
    private final Text text;

    public ServiceUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.text = null;
    }

    public ServiceUnavailableException(Text text, Duration retryAfter, Throwable cause) {
        super(text.english(), cause);
        this.retryAfter = retryAfter;
        this.text = text;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the answer is logged: an operator wants to know a dependency is down. */
    public boolean worthAWarning() {
        return true;
    }

    @Override
    public Text text() {
        return text;
    }
}
