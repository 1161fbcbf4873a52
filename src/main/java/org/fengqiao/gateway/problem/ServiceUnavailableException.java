package org.fengqiao.gateway.problem;

import java.time.Duration;

/** A dependency (the broker, the ledger) is down: the client should retry after a while. */
public class ServiceUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public ServiceUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the answer is logged: an operator wants to know a dependency is down. */
    public boolean worthAWarning() {
        return true;
    }
}
