package org.fengqiao.gateway.feedback;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Says when feedback to a source stalls. A call that fails (the source down, faulting or slow) is
 * logged at WARN naming the source and the call's kind and method, never the dispute's content; the
 * first failure of a stall at once, then one summary line per {@code gateway.feedback.stall-log-interval}
 * with how many more failed, and one INFO line when the source takes feedback again. An outage of
 * hours thus costs a few lines, not one per attempt. It also keeps each source's circuit-breaker
 * state for the {@code feedback} health check.
 *
 * <p>Hand-written (like security.Refusals): neither JBoss Logging nor Quarkus's log handlers can
 * rate-limit a message.
 */
@ApplicationScoped
public class FeedbackStalls {

    private static final Logger LOG = Logger.getLogger(FeedbackStalls.class);

    @ConfigProperty(name = "gateway.feedback.stall-log-interval")
    Duration logInterval;

    /** Per source: failures since the stall began; absent while the source takes feedback. */
    private final Map<String, AtomicLong> stalls = new ConcurrentHashMap<>();
    /** Per source: failures since the last summary line (the first of a stall is logged at once). */
    private final Map<String, AtomicLong> sinceSummary = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<String>> lastFailure = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> breakers = new ConcurrentHashMap<>();

    /** A call to {@code source} failed; it stays in the outbox. {@code failure} is already masked. */
    void failed(String source, String kind, String method, String failure) {
        String call = kind + " call (" + method + ")";
        lastFailure.computeIfAbsent(source, s -> new AtomicReference<>()).set(call + ": " + failure);
        AtomicLong begun = new AtomicLong(1);
        AtomicLong stall = stalls.putIfAbsent(source, begun);
        if (stall == null) {
            LOG.warnf("Feedback to %s is held: the %s failed: %s. Owed feedback waits in the outbox and is"
                    + " retried; health check 'feedback' shows the source (more failures are summarised every %s)",
                    source, call, failure, logInterval);
        } else {
            stall.incrementAndGet();
            sinceSummary.computeIfAbsent(source, s -> new AtomicLong()).incrementAndGet();
        }
    }

    /** A call to {@code source} was taken: a stall, if there was one, is over. */
    void delivered(String source) {
        AtomicLong stall = stalls.remove(source);
        if (stall != null) {
            sinceSummary.remove(source);
            LOG.infof("Feedback to %s is taken again after %d failed call(s)", source, stall.get());
        }
    }

    void breakerChanged(String source, CircuitBreakerState state) {
        CircuitBreakerState before = breakers.put(source, state);
        // Once per stall: while the source stays down the breaker goes on from half-open back to open
        // every breaker-delay, which the summary lines count as failures.
        if (state == CircuitBreakerState.OPEN && before != CircuitBreakerState.HALF_OPEN) {
            LOG.warnf("Feedback to %s is held: its circuit breaker opened after repeated failures; calls wait"
                    + " in the outbox until it lets one through", source);
        }
    }

    /** The source's circuit breaker (CLOSED until a call to it has gone through one). */
    public CircuitBreakerState breaker(String source) {
        return breakers.getOrDefault(source, CircuitBreakerState.CLOSED);
    }

    /** The last failure of a stall still going on, or null. */
    public String lastFailure(String source) {
        AtomicReference<String> last = lastFailure.get(source);
        return stalls.containsKey(source) && last != null ? last.get() : null;
    }

    @Scheduled(every = "${gateway.feedback.stall-log-interval}", delayed = "${gateway.feedback.stall-log-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void summarise() {
        for (var entry : sinceSummary.entrySet()) {
            long count = entry.getValue().getAndSet(0);
            if (count > 0) {
                AtomicReference<String> last = lastFailure.get(entry.getKey());
                LOG.warnf("Feedback to %s still held: %d more failed call(s) in the last %s, the last: %s",
                        entry.getKey(), count, logInterval, last == null ? "?" : last.get());
            }
        }
    }
}
