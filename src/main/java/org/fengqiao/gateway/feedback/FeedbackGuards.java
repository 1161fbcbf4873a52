package org.fengqiao.gateway.feedback;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.faulttolerance.api.TypedGuard;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One SmallRye Fault Tolerance guard per source, which the circuitBreaker of each of the source's
 * feedback routes uses (faultToleranceConfiguration typedGuard): a timeout, a few quick retries with
 * exponential back-off and jitter, and a circuit breaker shared by all the source's calls, so a
 * source that is down is not hammered whatever kind of call is owed. What still fails goes back to
 * the outbox's durable schedule. A refusal (4xx) is not retried and does not count against the
 * source. The breaker's state feeds the feedback health check and the stall log.
 *
 * <p>A guard built here rather than the EIP's own options: those give neither retries nor a breaker
 * shared by several routes, nor a hook on its state changes.
 */
@ApplicationScoped
public class FeedbackGuards {

    @Inject
    CamelContext camel;
    @Inject
    FeedbackConfig config;
    @Inject
    FeedbackStalls stalls;

    /** The registry name of the source's guard, as its routes refer to it. */
    public static String name(String source) {
        return "feedbackGuard-" + source;
    }

    /**
     * How a source's calls are guarded, from its route file (template parameters timeout, quickRetries,
     * breakerDelay) or gateway.feedback.*.
     */
    record Guarding(Duration timeout, int quickRetries, Duration breakerDelay) {
    }

    private final Map<String, Guarding> bySource = new ConcurrentHashMap<>();

    /** The source's guarding: what its declaration says, else the gateway's defaults. */
    Guarding guarding(String where, Map<String, Object> parameters) {
        Duration timeout = duration(where, parameters, "timeout", config.timeout());
        // The http client's own timeouts are gateway.feedback.timeout, for every source: a longer limit of
        // a source's would be cut short there.
        if (timeout.compareTo(config.timeout()) > 0) {
            throw new IllegalArgumentException(where + "timeout " + timeout + " is longer than gateway.feedback.timeout ("
                    + config.timeout() + "), the HTTP client's own limit: raise that too");
        }
        int retries = config.quickRetries();
        Object text = parameters.get("quickRetries");
        if (text != null && !text.toString().isBlank()) {
            try {
                retries = Integer.parseInt(text.toString().trim());
            } catch (NumberFormatException e) {
                retries = -1;
            }
            if (retries < 0) {
                throw new IllegalArgumentException(where + "quickRetries must be a whole number >= 0, not " + text);
            }
        }
        return new Guarding(timeout, retries, duration(where, parameters, "breakerDelay", config.breakerDelay()));
    }

    private static Duration duration(String where, Map<String, Object> parameters, String name, Duration otherwise) {
        Object text = parameters.get(name);
        if (text == null || text.toString().isBlank()) {
            return otherwise;
        }
        try {
            Duration value = Duration.parse(text.toString().trim());
            if (!value.isNegative() && !value.isZero()) {
                return value;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new IllegalArgumentException(where + name + " must be an ISO-8601 duration above zero (PT3S), not " + text);
    }

    /**
     * Binds the source's guard in Camel's registry, once, before its first route is built. All the
     * source's calls share it (one breaker per source), so its routes must not say different things.
     */
    void register(String source, Guarding guarding, String where) {
        Guarding earlier = bySource.putIfAbsent(source, guarding);
        if (earlier != null && !earlier.equals(guarding)) {
            throw new IllegalArgumentException(where + "the source's calls share one guard, but this one sets "
                    + guarding + " and an earlier one " + earlier + ": say it the same in each, or leave it out");
        }
        if (camel.getRegistry().lookupByName(name(source)) == null) {
            camel.getRegistry().bind(name(source), TypedGuard.class, guard(source, guarding));
        }
    }

    private TypedGuard<Exchange> guard(String source, Guarding guarding) {
        return TypedGuard.create(Exchange.class)
                .withDescription("feedback to " + source)
                .withRetry()
                    .maxRetries(guarding.quickRetries())
                    .delay(200, ChronoUnit.MILLIS)
                    .jitter(100, ChronoUnit.MILLIS)
                    .withExponentialBackoff().factor(2).maxDelay(2, ChronoUnit.SECONDS).done()
                    .abortOn(List.of(FeedbackRejectedException.class, CircuitBreakerOpenException.class))
                    .done()
                .withCircuitBreaker()
                    .name("feedback-" + source)
                    .requestVolumeThreshold(4)
                    .failureRatio(0.5)
                    .successThreshold(1)
                    .delay(guarding.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .skipOn(FeedbackRejectedException.class)
                    .onStateChange(state -> stalls.breakerChanged(source, state))
                    .done()
                .withTimeout().duration(guarding.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }
}
