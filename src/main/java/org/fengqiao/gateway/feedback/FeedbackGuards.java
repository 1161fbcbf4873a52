package org.fengqiao.gateway.feedback;

import java.time.temporal.ChronoUnit;
import java.util.List;

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

    /** Binds the source's guard in Camel's registry, once, before its first route is built. */
    void register(String source) {
        if (camel.getRegistry().lookupByName(name(source)) == null) {
            camel.getRegistry().bind(name(source), TypedGuard.class, guard(source));
        }
    }

    private TypedGuard<Exchange> guard(String source) {
        return TypedGuard.create(Exchange.class)
                .withDescription("feedback to " + source)
                .withRetry()
                    .maxRetries(config.quickRetries())
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
                    .delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .skipOn(FeedbackRejectedException.class)
                    .onStateChange(state -> stalls.breakerChanged(source, state))
                    .done()
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }
}
