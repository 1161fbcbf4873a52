package org.fengqiao.gateway.feedback;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Feedback to the sources: the outbox relay, its guard per source and its durable retries. */
@ConfigMapping(prefix = "gateway.feedback")
public interface FeedbackConfig {

    /** How often owed calls are made (a scheduler interval, or off). */
    String relayInterval();

    /** Connect and response timeout of one call. */
    Duration timeout();

    /** Retries within one round. */
    int quickRetries();

    /** How long a source's breaker stays open. */
    Duration breakerDelay();

    /** First wait between rounds for a call that failed. */
    Duration backoffBase();

    Duration backoffMax();

    /** Rounds before a call is given up (dead). */
    int maxAttempts();

    /** The feedback health check goes DOWN when a source's oldest owed call is older than this. */
    Duration stallAfter();

    /** After the first WARN of a stall, one summary line per this interval. */
    Duration stallLogInterval();
}
