package org.fengqiao.gateway.problem;

import java.time.Duration;

/** A source sends faster than its rate limit allows; answered with 429 and when to try again. */
public class RateLimitedException extends RuntimeException implements Localized {

    private final Duration retryAfter;
    private final Text text;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
        this.text = null;
    }

    public RateLimitedException(Text text, Duration retryAfter) {
        super(text.english());
        this.retryAfter = retryAfter;
        this.text = text;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Text text() {
        return text;
    }
}
