package org.fengqiao.gateway.feedback;

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
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.ProducerTemplate;
import io.quarkus.scheduler.Scheduled;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import org.fengqiao.gateway.ledger.HistoryKind;
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
 * Stage 7: delivers the feedback outbox to each source's API, handing each due call to the source's
 * route ({@link FeedbackRoutes}). Each call goes through the route's circuitBreaker with the SmallRye
 * Fault Tolerance guard of its source ({@link FeedbackGuards}) — timeout, a few quick retries with exponential back-off and
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
    FeedbackDeclarations declarations;
    @Inject
    ProducerTemplate producer;
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

    private final java.util.Set<String> gauged = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void init() {
        declarations.whenSourceDeclared(this::gaugeSources);
        gaugeSources();
    }

    /** One outbox depth gauge per source that takes feedback (sources are declared as their routes load). */
    private void gaugeSources() {
        for (String source : declarations.sources()) {
            if (gauged.add(source)) {
                metrics.gauge("gateway.feedback.outbox.depth", io.micrometer.core.instrument.Tags.of("source", source),
                        this, relay -> relay.depth(source));
            }
        }
    }

    @Scheduled(every = "${gateway.feedback.relay-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
        if (!declarations.sources().contains(sourceSystem)) {
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
                    send(call, realFailure);
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
                delivered(sourceSystem, call);
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

    /**
     * Hands the call to its route, whose circuit breaker (the source's guard, {@link FeedbackGuards})
     * retries it and may refuse it: then CircuitBreakerOpenException. {@code realFailure} gets the
     * last failure of an attempt, if any.
     */
    private void send(FeedbackStore.Pending call, java.util.concurrent.atomic.AtomicReference<Exception> realFailure)
            throws Exception {
        // The call continues the trace of the event that caused it (when tracing is on and it is known).
        Span span = tracing.start(call.disputeId(), "feedback " + call.kind(), SpanKind.CLIENT);
        Exchange answer;
        try {
            answer = producer.send(FeedbackDeclarations.endpoint(call.sourceSystem(), call.kind()), exchange -> {
                var message = exchange.getMessage();
                message.setHeader(Exchange.HTTP_METHOD, call.method());
                message.setHeader(Exchange.HTTP_PATH, call.path());
                message.setHeader("Content-Type", call.contentType());
                message.setHeader("Idempotency-Key", call.idempotencyKey());
                exchange.setProperty(FeedbackRoutes.KIND, call.kind());
                exchange.setProperty(FeedbackRoutes.ATTEMPT_FAILURE, realFailure);
                tracing.inject(span, message::setHeader);
                message.setBody(call.body());
            });
            if (answer.getException() != null) {
                throw answer.getException();
            }
            Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (status != null) {
                span.setAttribute("http.response.status_code", status);
            }
        } catch (Exception e) {
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
        if (answer.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SHORT_CIRCUITED, false, Boolean.class)) {
            throw new CircuitBreakerOpenException("feedback to " + call.sourceSystem());
        }
    }

    private void delivered(String source, FeedbackStore.Pending call) throws Exception {
        boolean evaluates = declarations.declaration(source, call.kind())
                .map(FeedbackDeclarations.Declaration::awaitsEvaluation).orElse(false);
        ledger.inTransaction(c -> {
            OffsetDateTime now = GatewayTime.now(clock);
            store.markDelivered(c, call.id(), now);
            if (call.finalResult()) {
                var held = ledger.lock(c, call.disputeId()).orElseThrow();
                if (held.status() == DisputeStatus.REJECTED) {
                    ledger.setStatus(c, call.disputeId(), DisputeStatus.CLOSED, now);
                    ledger.history(c, call.disputeId(), HistoryKind.CLOSED, DisputeStatus.CLOSED, now, "gateway",
                            held.handlerId(), call.kind() + " delivered to " + source, null);
                } else if (held.status() == DisputeStatus.RESOLVED) {
                    ledger.setStatus(c, call.disputeId(), DisputeStatus.FEEDBACK_SENT, now);
                    ledger.history(c, call.disputeId(), HistoryKind.FEEDBACK_SENT, DisputeStatus.FEEDBACK_SENT, now, "gateway",
                            held.handlerId(), call.kind() + " delivered to " + source, null);
                    if (!evaluates) {
                        // Sources that do not evaluate close on their final feedback.
                        ledger.setStatus(c, call.disputeId(), DisputeStatus.CLOSED, now);
                        ledger.history(c, call.disputeId(), HistoryKind.CLOSED, DisputeStatus.CLOSED, now, "gateway",
                                held.handlerId(), "final feedback delivered", null);
                    }
                }
            }
            return null;
        });
        metrics.counter("gateway.feedback.delivered", "source", source).increment();
        stalls.delivered(source);
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
