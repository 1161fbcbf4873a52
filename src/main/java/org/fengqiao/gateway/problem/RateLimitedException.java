package org.fengqiao.gateway.problem;

import java.time.Duration;

/** A source sends faster than its rate limit allows; answered with 429 and when to try again. */
public class RateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
