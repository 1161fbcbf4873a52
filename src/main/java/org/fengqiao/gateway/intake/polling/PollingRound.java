package org.fengqiao.gateway.intake.polling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One polling round of a polled source, carried as an exchange property through the round's steps
 * (and shared by the split items of a page, hence the atomic counters): what the template was given,
 * the page being read, and what came of it.
 */
public class PollingRound {

    public enum Outcome {
        /** Another instance holds the polling lease. */
        NOT_ACTIVE,
        /** The source failed recently; this round waits out the back-off. */
        BACKING_OFF,
        POLLED,
        FAILED
    }

    /** What a round came to, the body at the end of the round's route. */
    public record Result(Outcome outcome, int items, int accepted, int rejected) {
    }

    final String routeId;
    final String source;
    final String instanceId;
    final int pageSize;
    final int maxPages;
    final Duration interval;
    final Duration maxBackoff;
    final Duration leaseTime;

    volatile Outcome outcome;
    volatile JsonNode items;
    volatile String nextCursor;
    volatile boolean morePages = true;
    /** Whether this instance still held the polling lease when it last renewed it, between pages. */
    volatile boolean leaseHeld = true;
    int pagesRead;
    /** Items accepted or rejected before the current page, to tell whether all of the page's were. */
    int settledBeforePage;
    final AtomicInteger itemCount = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicReference<Exception> itemFailure = new AtomicReference<>();

    PollingRound(String routeId, String source, String instanceId, int pageSize, int maxPages, Duration interval,
            Duration maxBackoff, Duration leaseTime) {
        this.routeId = routeId;
        this.source = source;
        this.instanceId = instanceId;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.interval = interval;
        this.maxBackoff = maxBackoff;
        this.leaseTime = leaseTime;
    }

    public String getSource() {
        return source;
    }

    public String getInstanceId() {
        return instanceId;
    }

    /** The items of the page just read (the split iterates them). */
    public JsonNode getItems() {
        return items;
    }

    /** Whether the round reads another page: the last one was full, had a next cursor, and the maximum is not reached. */
    public boolean isMorePages() {
        return morePages;
    }

    Result result() {
        return new Result(outcome, itemCount.get(), accepted.get(), rejected.get());
    }
}
