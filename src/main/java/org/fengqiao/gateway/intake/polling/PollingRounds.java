package org.fengqiao.gateway.intake.polling;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.api.Wellness;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.quarkus.main.events.AfterConfigure;
import org.apache.camel.util.TimeUtils;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.intake.IntakeOutcome;
import org.fengqiao.gateway.intake.IntakeRoutes;
import org.fengqiao.gateway.ledger.IntakeRejections;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.jboss.logging.Logger;

/**
 * The steps of a polled-source round that are not Camel's own: the round's start and end, the page
 * check, each item's result, and the back-off. The back-off state is kept per polling route
 * (consecutive failures, next attempt) and read by health checks and metrics: while a source fails,
 * rounds wait interval × 2ⁿ (capped, with jitter), one WARN when it starts failing, one INFO when it
 * is back. Written by hand because the circuitBreaker EIP keeps no state that health can read and
 * counts calls, not rounds on the gateway's (test) clock.
 */
@ApplicationScoped
@Named("pollingRounds")
public class PollingRounds {

    private static final Logger LOG = Logger.getLogger(PollingRounds.class);
    /** Exchange property holding the {@link PollingRound}. */
    public static final String ROUND = "pollRound";
    /** Exchange properties of an item being taken: the item, its record id, and the id URL-encoded for a path. */
    public static final String ITEM = "pollItem";
    public static final String RECORD_ID = "pollRecordId";
    /** Exchange property: the source's call timeout in milliseconds, for its receipt route's HTTP endpoint. */
    public static final String TIMEOUT_MILLIS = "pollTimeoutMillis";

    /** The back-off and health state of one polling route. */
    public static final class State {
        final String source;
        final AtomicInteger consecutiveFailures = new AtomicInteger();
        final AtomicReference<OffsetDateTime> nextAttemptAt = new AtomicReference<>();
        final AtomicReference<OffsetDateTime> lastSuccessAt = new AtomicReference<>();
        volatile String lastFailure;

        State(String source) {
            this.source = source;
        }

        public int consecutiveFailures() {
            return consecutiveFailures.get();
        }

        public Optional<OffsetDateTime> nextAttemptAt() {
            return Optional.ofNullable(nextAttemptAt.get());
        }

        public Optional<OffsetDateTime> lastSuccessAt() {
            return Optional.ofNullable(lastSuccessAt.get());
        }

        public Optional<String> lastFailure() {
            return Optional.ofNullable(lastFailure);
        }
    }

    @Inject
    Clock clock;
    @Inject
    MeterRegistry metrics;
    @Inject
    IntakeRejections rejections;
    @Inject
    ObjectMapper json;
    @Inject
    @Wellness
    HealthRegistry wellness;

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** The state of a polling route (a fresh one before its first round). */
    public State state(String routeId) {
        return states.getOrDefault(routeId, new State(null));
    }

    /**
     * Every route of the polled-source template gets its state, its gauge and its health check once
     * Camel has read the route files, so that operators see each polled source before its first round.
     */
    void watchPolledRoutes(@Observes AfterConfigure event, CamelContext camel) {
        PolledSourceTemplate.polledSources(camel).forEach(this::watch);
    }

    /** The state of a polling route, created with its gauge and health check the first time. */
    private State watch(String routeId, String source) {
        return states.computeIfAbsent(routeId, id -> {
            boolean first = states.values().stream().noneMatch(s -> source.equals(s.source));
            if (first) {
                // One gauge per source: the worst of its polling routes in this process.
                Gauge.builder("gateway.source.poll.consecutive.failures", this, rounds -> rounds.worst(source))
                        .tag("source", source).register(metrics);
            }
            // Named after the source; a further route polling it (another instance id) adds its route id.
            String name = "polled-source " + source + (first ? "" : " (" + routeId + ")");
            wellness.register(routeId, new PolledSourceHealth(this, routeId, name));
            return new State(source);
        });
    }

    /**
     * Step: a round begins; the template's parameters come in as text (durations as 30s or PT30S).
     * The call timeout goes in milliseconds into {@link #TIMEOUT_MILLIS}, the unit of the HTTP component.
     */
    public PollingRound start(Exchange exchange, String source, String instanceId, int pageSize, int maxPages,
            String interval, String maxBackoff, String leaseTime, String timeout) {
        String routeId = exchange.getFromRouteId();
        exchange.setProperty(TIMEOUT_MILLIS, duration(timeout).toMillis());
        watch(routeId, source); // a route added after the start (a test's second instance)
        return new PollingRound(routeId, source, instanceId, pageSize, maxPages, duration(interval),
                duration(maxBackoff), duration(leaseTime));
    }

    /** A duration as the configuration gives it: ISO-8601 (PT10S) or Camel's short form (10s, 1m30s). */
    static Duration duration(String text) {
        String t = text.trim();
        return t.startsWith("P") || t.startsWith("p") ? Duration.parse(t) : TimeUtils.toDuration(t);
    }

    private double worst(String source) {
        return states.values().stream().filter(s -> source.equals(s.source))
                .mapToInt(State::consecutiveFailures).max().orElse(0);
    }

    /** Whether the round waits out the back-off of earlier failures. */
    public boolean backingOff(@ExchangeProperty(ROUND) PollingRound round) {
        OffsetDateTime waitUntil = states.get(round.routeId).nextAttemptAt.get();
        return waitUntil != null && GatewayTime.now(clock).isBefore(waitUntil);
    }

    /** Step: the round reads nothing (backing off, or another instance polls). */
    public void skip(@ExchangeProperty(ROUND) PollingRound round, String outcome) {
        round.outcome = PollingRound.Outcome.valueOf(outcome);
    }

    /** Step: the page as the source answered it; anything but an object with an items array fails the round. */
    public void page(@ExchangeProperty(ROUND) PollingRound round, byte[] body, String itemsField,
            String nextCursorField) throws IOException {
        JsonNode page = json.readTree(body);
        if (page == null || !page.path(itemsField).isArray()) {
            throw new IOException("page without an " + itemsField + " array");
        }
        round.items = page.path(itemsField);
        round.settledBeforePage = round.accepted.get() + round.rejected.get();
        round.nextCursor = page.path(nextCursorField).asText(null);
        round.itemCount.addAndGet(round.items.size());
    }

    /** Step: an item of the page is taken up; its record id names it in receipts and rejections. */
    public void item(Exchange exchange, JsonNode item, String recordIdField) {
        String recordId = item.path(recordIdField).asText(null);
        exchange.setProperty(ITEM, item);
        exchange.setProperty(RECORD_ID, recordId);
        exchange.setProperty("pollRecordIdInPath", recordId == null ? null
                : URLEncoder.encode(recordId, StandardCharsets.UTF_8).replace("+", "%20"));
        exchange.removeProperty(IntakeRoutes.OUTCOME);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
    }

    /**
     * Step: the shared intake's answer for the item. Its route answers a failure as a problem
     * (e.g. 503 when the broker did not confirm) instead of throwing; for a polled item that is a
     * failed round, so the page is read again.
     */
    public void accepted(Exchange exchange) throws IOException {
        if (exchange.getProperty(IntakeRoutes.OUTCOME, IntakeOutcome.class) == null) {
            throw new IOException("the intake answered " + exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        }
    }

    /**
     * Step: the receipt route's answer. Every route shares the gateway's error answers, so a failed
     * call there comes back handled, not thrown; for a polled item it is a failed round all the same.
     */
    public void receipted(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Step: what a receipt route's templates can use, as {@code ${variable.name}} (named as in the
     * feedback templates): {@code recordId}, the {@code disputeId} the intake gave the item, and
     * {@code at}, now on the gateway's clock (ISO-8601 with offset).
     */
    public void forReceipt(Exchange exchange) {
        exchange.setVariable("recordId", exchange.getProperty(RECORD_ID, String.class));
        exchange.setVariable("disputeId", exchange.getProperty(IntakeRoutes.OUTCOME, IntakeOutcome.class).disputeId());
        exchange.setVariable("at", GatewayTime.now(clock).toString());
    }

    /** Step: the item's receipt (if any) is sent; it counts as accepted. */
    public void taken(@ExchangeProperty(ROUND) PollingRound round) {
        round.accepted.incrementAndGet();
    }

    /** Step: an invalid item is recorded with its reasons and the rest of the page goes on. */
    public void rejected(@ExchangeProperty(ROUND) PollingRound round, @ExchangeProperty(RECORD_ID) String recordId,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) InvalidRequestException e) throws SQLException {
        String reasons = describe(e);
        rejections.record(round.source, recordId, reasons, GatewayTime.now(clock));
        metrics.counter("gateway.intake.rejected", "source", round.source).increment();
        round.rejected.incrementAndGet();
        LOG.warnf("%s item %s rejected: %s", round.source, recordId, reasons);
    }

    /** Step: an item could not be taken (intake or receipt failed); the page is not taken either. */
    public void itemFailed(@ExchangeProperty(ROUND) PollingRound round,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        round.itemFailure.compareAndSet(null, e);
    }

    /**
     * Step: every item of the page is finished (the split waits for all); if one failed, the round
     * fails here and the cursor stays, so that no item is still being taken when the page is read again.
     */
    public void pageTaken(@ExchangeProperty(ROUND) PollingRound round) throws Exception {
        Exception failure = round.itemFailure.get();
        if (failure != null) {
            throw failure;
        }
        // A route the item went through (the intake, a receipt route) answers its own failures with the
        // gateway's error answer and stops the item there, without an exception: an item neither taken
        // nor rejected is such a failure.
        int settled = round.accepted.get() + round.rejected.get() - round.settledBeforePage;
        if (settled < round.items.size()) {
            throw new IOException((round.items.size() - settled) + " of " + round.items.size()
                    + " items of the page were not taken (intake or receipt failed)");
        }
    }

    /** Step: every page of the round was taken. */
    public void succeeded(@ExchangeProperty(ROUND) PollingRound round) {
        State state = states.get(round.routeId);
        if (state.consecutiveFailures.getAndSet(0) > 0) {
            LOG.infof("%s reachable again; polling resumed", round.source);
        }
        state.nextAttemptAt.set(null);
        state.lastFailure = null;
        state.lastSuccessAt.set(GatewayTime.now(clock));
        round.outcome = PollingRound.Outcome.POLLED;
    }

    /** Step: the round failed (the cursor stayed where it was); the next rounds back off. */
    public void failed(@ExchangeProperty(ROUND) PollingRound round,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        State state = states.get(round.routeId);
        int failures = state.consecutiveFailures.incrementAndGet();
        Duration backoff = backoff(round, failures);
        state.nextAttemptAt.set(GatewayTime.now(clock).plus(backoff));
        state.lastFailure = describe(e);
        // Once when it starts failing, then quietly: health and metrics carry the state.
        if (failures == 1) {
            LOG.warnf("%s poll failed (%s); backing off, next attempt in %s", round.source, state.lastFailure, backoff);
        } else {
            LOG.debugf("%s poll failed %d times in a row (%s)", round.source, failures, state.lastFailure);
        }
        round.outcome = PollingRound.Outcome.FAILED;
    }

    /** interval × 2^(failures-1), capped; a fifth of random jitter so instances do not beat in step. */
    static Duration backoff(PollingRound round, int failures) {
        long base = round.interval.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(base, round.maxBackoff.toMillis());
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - jitter);
    }

    /** Step: the round is counted; its result is the body. */
    public PollingRound.Result finish(@ExchangeProperty(ROUND) PollingRound round) {
        PollingRound.Result result = round.result();
        metrics.counter("gateway.source.poll.rounds", "source", round.source, "outcome",
                result.outcome().name().toLowerCase()).increment();
        if (result.accepted() > 0) {
            metrics.counter("gateway.source.poll.items", "source", round.source).increment(result.accepted());
        }
        return result;
    }

    /**
     * For the log and the health check. A parser's message quotes the page it failed on, so only
     * its position is kept; numbers in any other message are masked, since the page holds personal data.
     */
    static String describe(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException parse) {
            var at = parse.getLocation();
            return e.getClass().getSimpleName() + ": the page is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + Masking.text(e.getMessage()));
    }

    private static String describe(InvalidRequestException e) {
        StringBuilder out = new StringBuilder();
        for (FieldViolation v : e.violations()) {
            out.append(out.isEmpty() ? "" : "; ").append(v.field()).append(' ').append(v.message());
        }
        return out.toString();
    }
}
