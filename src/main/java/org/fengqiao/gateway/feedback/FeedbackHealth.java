package org.fengqiao.gateway.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.health.api.Wellness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.fengqiao.gateway.canonical.GatewayTime;

/**
 * Whether feedback reaches the sources, at /q/health/well (and /q/health). DOWN while a source's
 * circuit breaker is open or its oldest owed call has waited longer than
 * {@code gateway.feedback.stall-after}; the data names each source that owes calls and why it stalls.
 *
 * <p>A wellness check, not readiness: a source's API being down is no reason to take the gateway out
 * of a load balancer (intake and handlers keep working, feedback waits in the outbox), nor, as
 * liveness, to restart it.
 */
@Wellness
@ApplicationScoped
public class FeedbackHealth implements HealthCheck {

    static final String NAME = "feedback";

    @Inject
    FeedbackStore store;
    @Inject
    FeedbackStalls stalls;
    @Inject
    FeedbackDeclarations declarations;
    @Inject
    Clock clock;
    @ConfigProperty(name = "gateway.feedback.stall-after")
    Duration stallAfter;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME);
        // Every source that takes feedback (the relay sends to these only).
        TreeSet<String> names = new TreeSet<>(declarations.sources());
        Map<String, FeedbackStore.Owed> owed = new HashMap<>();
        try {
            for (String source : names) {
                FeedbackStore.Owed due = store.owed(source);
                if (due != null) {
                    owed.put(source, due);
                }
            }
        } catch (Exception e) {
            return health.down().withData("reason", "the outbox could not be read: " + e.getClass().getSimpleName())
                    .build();
        }
        OffsetDateTime now = GatewayTime.now(clock);
        List<String> stalled = new ArrayList<>();
        for (String source : names) {
            List<String> reasons = new ArrayList<>();
            if (stalls.breaker(source) == CircuitBreakerState.OPEN) {
                reasons.add("circuit breaker open");
            }
            FeedbackStore.Owed due = owed.get(source);
            if (due != null) {
                Duration waiting = Duration.between(due.oldest(), now);
                if (waiting.compareTo(stallAfter) > 0) {
                    reasons.add("oldest owed call waiting " + waiting.withNanos(0) + ", over " + stallAfter);
                }
            }
            String last = stalls.lastFailure(source);
            if (!reasons.isEmpty() && last != null) {
                reasons.add("last failure: " + last);
            }
            if (!reasons.isEmpty()) {
                stalled.add(source);
            }
            if (due != null || !reasons.isEmpty()) {
                String state = (reasons.isEmpty() ? "flowing" : "stalled: " + String.join("; ", reasons))
                        + (due == null ? "" : " (" + due.calls() + " call(s) owed)");
                health.withData(source, state);
            }
        }
        if (!stalled.isEmpty()) {
            health.withData("stalled", String.join(",", stalled));
        }
        return health.status(stalled.isEmpty()).build();
    }
}
