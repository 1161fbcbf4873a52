package org.fengqiao.gateway.feedback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import org.fengqiao.gateway.observability.CaseMdc;
import org.fengqiao.gateway.observability.CaseTracing;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.ledger.HandlingLedger;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.privacy.Masking;
import org.jboss.logging.Logger;

/**
 * Stage 7: delivers the feedback outbox to each source's API. Each call goes through a SmallRye
 * Fault Tolerance guard per source — timeout, a few quick retries with exponential back-off and
 * jitter, and a circuit breaker so a source that is down is not hammered. What still fails is
 * tried again later on a durable schedule (also exponential, with jitter) kept in the outbox, so
 * an outage of hours loses nothing across restarts; past the retry budget the call becomes a dead
 * letter, visible and re-drivable through the API. Calls of one dispute go out in order.
 */
@ApplicationScoped
public class FeedbackRelay {

    private static final Logger LOG = Logger.getLogger(FeedbackRelay.class);
    static final String LEASE = "feedback-relay";

    @Inject
    CaseTracing tracing;
    @Inject
    FeedbackStore store;
    @Inject
    Instance<SourceFeedback> sources;
    @Inject
    HandlingLedger ledger;
    @Inject
    InstanceLeases leases;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;
    @Inject
    FeedbackStalls stalls;
    @Inject
    GatewayConfig gateway;
    @Inject
    FeedbackConfig config;

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private HttpClient http;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        for (SourceFeedback source : sources) {
            metrics.gauge("gateway.feedback.outbox.depth",
                    io.micrometer.core.instrument.Tags.of("source", source.sourceSystem()), this,
                    relay -> relay.depth(source.sourceSystem()));
        }
    }

    @Scheduled(every = "${gateway.feedback.relay-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relayAll() {
        try {
            OffsetDateTime now = GatewayTime.now(clock);
            // One instance relays at a time, so a call is not sent twice by two instances.
            if (!leases.tryAcquire(LEASE, gateway.instanceId(), now, config.backoffBase().multipliedBy(6))) {
                return;
            }
            for (String source : store.sourcesWithWork()) {
                relay(source);
            }
        } catch (Exception e) {
            LOG.warnf("Feedback relay round failed: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends what is due for one source; returns how many calls the source took. */
    public int relay(String sourceSystem) throws Exception {
        SourceFeedback source = sources.stream().filter(s -> s.sourceSystem().equals(sourceSystem)).findFirst()
                .orElse(null);
        if (source == null) {
            return 0;
        }
        int delivered = 0;
        // Each query gives the next call of every dispute; the one after it becomes due once it is delivered.
        for (int batch = 0; batch < 50; batch++) {
            int before = delivered;
            boolean stopped = false;
            List<FeedbackStore.Pending> due = store.due(sourceSystem, GatewayTime.now(clock), 100);
            for (FeedbackStore.Pending call : due) {
              try (var mdc = CaseMdc.open(call.disputeId(), call.sourceSystem(), null)) {
                // The breaker may open during this call's own retries: then its real failure still counts.
                var realFailure = new java.util.concurrent.atomic.AtomicReference<Exception>();
                try {
                    guard(sourceSystem).call(() -> {
                        try {
                            return send(source.baseUrl(), call);
                        } catch (Exception e) {
                            realFailure.set(e);
                            throw e;
                        }
                    }, Void.class);
                } catch (CircuitBreakerOpenException e) {
                    if (realFailure.get() != null) {
                        Exception cause = realFailure.get();
                        failed(call, cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                                call.attempts() + 1 >= config.maxAttempts());
                    }
                    // The source is down: leave its calls where they are until the breaker half-opens.
                    metrics.counter("gateway.feedback.prevented", "source", sourceSystem).increment();
                    stopped = true;
                    break;
                } catch (FeedbackRejectedException e) {
                    failed(call, e.getMessage(), true);
                    continue;
                } catch (Exception e) {
                    failed(call, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                            call.attempts() + 1 >= config.maxAttempts());
                    continue;
                }
                delivered(source, call);
                CaseMdc.LOG.debugf("Feedback %s delivered to the source", call.kind());
                delivered++;
              }
            }
            if (stopped || due.isEmpty() || delivered == before) {
                break;
            }
        }
        return delivered;
    }

    private Void send(String baseUrl, FeedbackStore.Pending call) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
                .timeout(config.timeout())
                .header("Content-Type", call.contentType())
                .header("Idempotency-Key", call.idempotencyKey())
                .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
        // The call continues the trace of the event that caused it (when tracing is on and it is known).
        Span span = tracing.start(call.disputeId(), "feedback " + call.kind(), SpanKind.CLIENT);
        tracing.inject(span, builder::header);
        int status;
        try {
            status = http.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            span.setAttribute("http.response.status_code", status);
        } catch (Exception e) {
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
        if (status / 100 == 2) {
            return null;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new FeedbackRejectedException(call.kind() + " refused by the source with " + status);
        }
        throw new IOException(call.kind() + " answered " + status);
    }

    private Guard guard(String sourceSystem) {
        return guards.computeIfAbsent(sourceSystem, source -> Guard.create()
                .withDescription("feedback to " + source)
                .withRetry()
                    .maxRetries(config.quickRetries())
                    .delay(200, ChronoUnit.MILLIS)
                    .jitter(100, ChronoUnit.MILLIS)
                    .withExponentialBackoff().factor(2).maxDelay(2, ChronoUnit.SECONDS).done()
                    .abortOn(java.util.List.of(FeedbackRejectedException.class, CircuitBreakerOpenException.class))
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
                .build());
    }

    private void delivered(SourceFeedback source, FeedbackStore.Pending call) throws Exception {
        ledger.inTransaction(c -> {
            OffsetDateTime now = GatewayTime.now(clock);
            store.markDelivered(c, call.id(), now);
            if (call.finalResult()) {
                var held = ledger.lock(c, call.disputeId()).orElseThrow();
                if (DisputeStatus.REJECTED.name().equals(held.status())) {
                    ledger.setStatus(c, call.disputeId(), DisputeStatus.CLOSED, now);
                    ledger.history(c, call.disputeId(), "CLOSED", DisputeStatus.CLOSED, now, "gateway",
                            held.handlerId(), call.kind() + " delivered to " + source.sourceSystem(), null);
                } else if (DisputeStatus.RESOLVED.name().equals(held.status())) {
                    ledger.setStatus(c, call.disputeId(), DisputeStatus.FEEDBACK_SENT, now);
                    ledger.history(c, call.disputeId(), "FEEDBACK_SENT", DisputeStatus.FEEDBACK_SENT, now, "gateway",
                            held.handlerId(), call.kind() + " delivered to " + source.sourceSystem(), null);
                    if (!source.evaluates()) {
                        // Sources that do not evaluate close on their final feedback.
                        ledger.setStatus(c, call.disputeId(), DisputeStatus.CLOSED, now);
                        ledger.history(c, call.disputeId(), "CLOSED", DisputeStatus.CLOSED, now, "gateway",
                                held.handlerId(), "final feedback delivered", null);
                    }
                }
            }
            return null;
        });
        metrics.counter("gateway.feedback.delivered", "source", source.sourceSystem()).increment();
        stalls.delivered(source.sourceSystem());
    }

    private void failed(FeedbackStore.Pending call, String failure, boolean dead) throws Exception {
        // Kept in the outbox, shown to operators and logged: masked in case a message quotes a number.
        String error = Masking.text(failure);
        OffsetDateTime now = GatewayTime.now(clock);
        store.markFailed(call.id(), error, now.plus(backoff(call.attempts() + 1)), dead, now);
        metrics.counter("gateway.feedback.failures", "source", call.sourceSystem()).increment();
        stalls.failed(call.sourceSystem(), call.kind(), call.method(), error);
        if (dead) {
            metrics.counter("gateway.feedback.dead", "source", call.sourceSystem()).increment();
            LOG.warnf("Feedback %d (%s of %s) to %s is a dead letter after %d attempt(s): %s", call.id(), call.kind(),
                    call.disputeId(), call.sourceSystem(), call.attempts() + 1, error);
        }
    }

    /** base × 2^(attempts-1), capped, less up to a fifth of jitter. */
    Duration backoff(int attempts) {
        long base = config.backoffBase().toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(base, config.backoffMax().toMillis());
        return Duration.ofMillis(capped - (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private double depth(String sourceSystem) {
        try {
            return store.depth(sourceSystem);
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
