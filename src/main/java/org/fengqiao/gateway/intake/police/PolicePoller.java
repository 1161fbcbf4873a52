package org.fengqiao.gateway.intake.police;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.intake.DisputeIntake;
import org.fengqiao.gateway.intake.IntakeOutcome;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.ledger.IntakeRejections;
import org.fengqiao.gateway.ledger.SourceCursors;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.jboss.logging.Logger;

/**
 * Reads the police risk-control platform (it does not push). One round: take the polling lease
 * (only one instance polls), read pages from the stored cursor, accept each item through the
 * shared intake and send its receipt (接收回执), the items of a page side by side, and only then
 * move the cursor. A round that fails halfway leaves the cursor where it was: the next round reads
 * the same page again, and the items already stored are recognised by their 警情编号 (no
 * duplicates). While the platform fails, rounds back off exponentially and the failure is visible
 * in health and metrics, logged once.
 */
@ApplicationScoped
@Named("policeRiskPoller")
public class PolicePoller {

    private static final Logger LOG = Logger.getLogger(PolicePoller.class);
    static final String LEASE = "poll:" + PoliceRiskAdapter.SYSTEM;
    /** Enough to fill a group commit at the rates a police platform reaches; few enough to be no load. */
    private static final int PAGE_WORKERS = 8;

    public enum Outcome {
        /** Another instance holds the polling lease. */
        NOT_ACTIVE,
        /** The platform failed recently; this round waits out the back-off. */
        BACKING_OFF,
        POLLED,
        FAILED
    }

    public record Round(Outcome outcome, int items, int accepted, int rejected) {
    }

    private final PoliceRiskAdapter adapter;
    private final DisputeIntake intake;
    private final SourceCursors cursors;
    private final InstanceLeases leases;
    private final IntakeRejections rejections;
    private final ObjectMapper json;
    private final Clock clock;
    private final PoliceSourceConfig config;
    private final String instanceId;
    private final MeterRegistry metrics;
    private final HttpClient http;
    /** Items of a page accepted at once; a page is at most config.pageSize() items. */
    private final ExecutorService pageWorkers;

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicReference<OffsetDateTime> nextAttemptAt = new AtomicReference<>();
    private final AtomicReference<OffsetDateTime> lastSuccessAt = new AtomicReference<>();
    private volatile String lastFailure;

    @Inject
    public PolicePoller(PoliceRiskAdapter adapter, DisputeIntake intake, SourceCursors cursors,
            InstanceLeases leases, IntakeRejections rejections, ObjectMapper json, Clock clock,
            PoliceSourceConfig config, GatewayConfig gateway, MeterRegistry metrics) {
        this(adapter, intake, cursors, leases, rejections, json, clock, config, gateway.instanceId(), metrics);
    }

    public PolicePoller(PoliceRiskAdapter adapter, DisputeIntake intake, SourceCursors cursors,
            InstanceLeases leases, IntakeRejections rejections, ObjectMapper json, Clock clock,
            PoliceSourceConfig config, String instanceId,
            MeterRegistry metrics) {
        this.adapter = adapter;
        this.intake = intake;
        this.cursors = cursors;
        this.leases = leases;
        this.rejections = rejections;
        this.json = json;
        this.clock = clock;
        this.config = config;
        this.instanceId = instanceId;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        AtomicInteger workerNumber = new AtomicInteger();
        this.pageWorkers = Executors.newFixedThreadPool(PAGE_WORKERS, task -> {
            Thread worker = new Thread(task, "police-page-" + workerNumber.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        });
        Tags tags = Tags.of("source", PoliceRiskAdapter.SYSTEM);
        metrics.gauge("gateway.source.poll.consecutive.failures", tags, consecutiveFailures);
    }

    /** One polling round; called by the timer in routes/police.yaml. */
    public Round pollRound() {
        OffsetDateTime now = GatewayTime.now(clock);
        OffsetDateTime waitUntil = nextAttemptAt.get();
        if (waitUntil != null && now.isBefore(waitUntil)) {
            return count(new Round(Outcome.BACKING_OFF, 0, 0, 0));
        }
        try {
            if (!leases.tryAcquire(LEASE, instanceId, now, leaseTime())) {
                return count(new Round(Outcome.NOT_ACTIVE, 0, 0, 0));
            }
            Round round = readPages();
            succeeded();
            return count(round);
        } catch (Exception e) {
            failed(e, now);
            return count(new Round(Outcome.FAILED, 0, 0, 0));
        }
    }

    private Round readPages() throws Exception {
        int items = 0;
        int accepted = 0;
        int rejected = 0;
        for (int page = 0; page < config.maxPagesPerRound(); page++) {
            Optional<String> cursor = cursors.load(PoliceRiskAdapter.SYSTEM);
            JsonNode body = fetch(cursor);
            JsonNode pageItems = body.path("items");
            // The items of a page are accepted side by side, so that they share group commits
            // instead of each waiting for the commits of the ones before it.
            List<Future<Boolean>> results = new ArrayList<>();
            for (JsonNode item : pageItems) {
                items++;
                results.add(pageWorkers.submit(() -> acceptAndReceipt(item)));
            }
            // Every item of the page is finished before the round goes on or fails (the cursor then
            // stays), so none is still being accepted when the next round reads the page again.
            ExecutionException failure = null;
            for (Future<Boolean> result : results) {
                try {
                    if (result.get()) {
                        accepted++;
                    } else {
                        rejected++;
                    }
                } catch (ExecutionException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure.getCause() instanceof Exception cause ? cause : failure;
            }
            String next = body.path("nextCursor").asText(null);
            if (pageItems.isEmpty() || next == null || next.isBlank()) {
                break; // caught up: an empty page keeps the cursor
            }
            cursors.save(PoliceRiskAdapter.SYSTEM, next, GatewayTime.now(clock));
            // Renew the lease between pages so a long catch-up keeps it.
            leases.tryAcquire(LEASE, instanceId, GatewayTime.now(clock), leaseTime());
            if (pageItems.size() < config.pageSize()) {
                break;
            }
        }
        return new Round(Outcome.POLLED, items, accepted, rejected);
    }

    /** @return true when accepted (and receipted), false when the item was invalid and recorded as rejected */
    private boolean acceptAndReceipt(JsonNode item) throws Exception {
        String recordId = item.path("jqbh").asText(null);
        IntakeOutcome outcome;
        try {
            outcome = intake.accept(adapter.toDraft(item));
        } catch (InvalidRequestException e) {
            rejections.record(PoliceRiskAdapter.SYSTEM, recordId, describe(e), GatewayTime.now(clock));
            metrics.counter("gateway.intake.rejected", "source", PoliceRiskAdapter.SYSTEM).increment();
            LOG.warnf("Police item %s rejected: %s", recordId, describe(e));
            return false;
        }
        sendReceipt(recordId, outcome.disputeId());
        return true;
    }

    @PreDestroy
    void stopPageWorkers() {
        pageWorkers.shutdownNow();
    }

    private JsonNode fetch(Optional<String> cursor) throws IOException, InterruptedException {
        String query = "limit=" + config.pageSize()
                + cursor.map(c -> "&since=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/api/risk/disputes?" + query))
                .timeout(config.timeout()).header("Accept", "application/json")
                // Lets the platform's operators (and the failover test) see which instance reads.
                .header("X-Gateway-Instance", instanceId).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("page request answered " + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        if (body == null || !body.path("items").isArray()) {
            throw new IOException("page without an items array");
        }
        return body;
    }

    /** The receipt (接收回执); the idempotency key lets the platform ignore a repeat after a retried page. */
    private void sendReceipt(String recordId, String disputeId) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("jqbh", recordId, "jsdw", "枫桥网关", "sjbh", disputeId,
                "jssj", GatewayTime.now(clock).toString()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.baseUrl() + "/api/risk/disputes/"
                + URLEncoder.encode(recordId, StandardCharsets.UTF_8) + "/receipt"))
                .timeout(config.timeout())
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("Idempotency-Key", "receipt-" + recordId)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
            throw new IOException("receipt for " + recordId + " answered " + status);
        }
    }

    private void succeeded() {
        if (consecutiveFailures.getAndSet(0) > 0) {
            LOG.infof("Police risk platform reachable again; polling resumed");
        }
        nextAttemptAt.set(null);
        lastFailure = null;
        lastSuccessAt.set(GatewayTime.now(clock));
    }

    private void failed(Exception e, OffsetDateTime now) {
        int failures = consecutiveFailures.incrementAndGet();
        Duration backoff = backoff(failures);
        nextAttemptAt.set(now.plus(backoff));
        lastFailure = describe(e);
        // Once when it starts failing, then quietly: health and metrics carry the state.
        if (failures == 1) {
            LOG.warnf("Police risk platform poll failed (%s); backing off, next attempt in %s", lastFailure, backoff);
        } else {
            LOG.debugf("Police risk platform poll failed %d times in a row (%s)", failures, lastFailure);
        }
    }

    /** interval × 2^(failures-1), capped; a fifth of random jitter so instances do not beat in step. */
    Duration backoff(int failures) {
        long base = config.pollInterval().toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        long jitter = (long) (capped * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - jitter);
    }

    private Duration leaseTime() {
        return config.leaseTime();
    }

    private Round count(Round round) {
        metrics.counter("gateway.source.poll.rounds", "source", PoliceRiskAdapter.SYSTEM, "outcome",
                round.outcome().name().toLowerCase()).increment();
        if (round.accepted() > 0) {
            metrics.counter("gateway.source.poll.items", "source", PoliceRiskAdapter.SYSTEM).increment(round.accepted());
        }
        return round;
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
