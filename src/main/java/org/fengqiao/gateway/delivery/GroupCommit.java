package org.fengqiao.gateway.delivery;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.DistributionSummary;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.micrometer.core.instrument.MeterRegistry;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.DisputeLedger.NewDispute;
import org.fengqiao.gateway.ledger.DuplicateSourceRecordException;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.LedgerJournal;
import org.fengqiao.gateway.observability.CaseTracing;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.ledger.PendingDelivery;

/**
 * Many requests, one commit. New disputes arriving together are recorded in one ledger transaction,
 * sent to their queues together and confirmed together (the broker syncs its journal once for
 * them), and marked delivered in one more ledger transaction that does not wait for the disk, so the
 * fixed price of a durable write (the ledger's file sync, the broker's journal sync) is paid once
 * per group instead of once per case. (Not a broker transaction: the broker would keep each one in
 * memory for as long as any of its duplicate-detection ids is remembered.) Under light load a group
 * is one dispute; under heavy load it is whatever arrived while the previous group was being written.
 *
 * <p>Reached through {@link DeliveryGuarantee#recordAndDeliver}. Each request still waits for its own
 * dispute: {@link #record} returns only once the ledger has
 * committed it and the broker has confirmed it, so a 202 means what it meant before. A group that
 * meets a source record already in the ledger (a concurrent repeat) records nothing; its repeats go
 * back to the one-by-one path, which answers them as such, and the rest is written again as a group.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    public enum Outcome {
        /** Committed and confirmed by the broker: answer 202. */
        DELIVERED,
        /** Committed, not confirmed: the outbox relay delivers it later; answer 503. */
        COMMITTED_NOT_DELIVERED,
        /** Nothing recorded: take the one-by-one path (a repeat was in the group). */
        ALONE
    }

    private record Request(NewDispute dispute, CompletableFuture<Outcome> outcome) {
    }

    @Inject
    DisputeLedger ledger;
    @Inject
    DispatchService dispatch;
    @Inject
    HandlerQueueSender sender;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry metrics;
    @Inject
    LedgerDatabase database;
    @Inject
    LedgerJournal journal;
    @Inject
    CaseTracing tracing;
    @Inject
    DeliveryConfig config;

    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> writerThreads = new ArrayList<>();
    private volatile boolean running;
    private DistributionSummary groupSizes;

    /**
     * Records and delivers one new dispute together with whatever else is waiting.
     *
     * @throws TimeoutException when the ledger or broker did not answer in time (the dispute may
     *                          still be recorded; the client retries and is answered as a repeat),
     *                          or when too many disputes are waiting already (nothing recorded:
     *                          more load than the ledger and broker take is turned away, not queued
     *                          in memory without end)
     */
    Outcome record(NewDispute dispute) throws Exception {
        startWriters();
        if (waiting.size() >= config.groupCommit().maxWaiting()) {
            metrics.counter("gateway.delivery.group.turned.away").increment();
            throw new TimeoutException("more than " + config.groupCommit().maxWaiting() + " new disputes waiting to be recorded");
        }
        var request = new Request(dispute, new CompletableFuture<>());
        waiting.add(request);
        try {
            return request.outcome().get(config.groupCommit().maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private synchronized void startWriters() {
        if (running || !writerThreads.isEmpty()) {
            return;
        }
        running = true;
        groupSizes = DistributionSummary.builder("gateway.delivery.group.size")
                .description("New disputes recorded and sent together in one commit").register(metrics);
        int count = writerCount();
        for (int i = 0; i < count; i++) {
            Thread writer = new Thread(this::write, "group-commit-" + i);
            writer.setDaemon(true);
            writerThreads.add(writer);
            writer.start();
        }
    }

    /** As configured, else as the {@link org.fengqiao.gateway.ledger.DurabilityMode} says (why: there). */
    private int writerCount() {
        return config.groupCommit().writers().orElse(database.mode().defaultWriters());
    }

    /**
     * One writer: takes what is waiting, up to a group, and writes it, keeping its broker session.
     * Under load a group is whatever arrived while the previous one was being written.
     */
    private void write() {
        BrokerSession session = new BrokerSession();
        List<Request> group = new ArrayList<>(config.groupCommit().maxSize());
        while (running) {
            try {
                Request first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, config.groupCommit().maxSize() - 1);
                writeGroup(group, session);
            } catch (InterruptedException e) {
                break;
            } finally {
                group.clear();
            }
        }
        session.close();
        Request left;
        while ((left = waiting.poll()) != null) {
            left.outcome().completeExceptionally(new IllegalStateException("the gateway is stopping"));
        }
    }

    /**
     * Records the group, sends it and waits for the broker's confirmations (its journal on the disk),
     * marks it delivered (a commit that need not wait for the disk: the relay makes a lost mark
     * again) and answers it. On PostgreSQL the record is a commit on the disk: two waits for a disk
     * per group. On the embedded ledger the record is committed without waiting for the ledger's
     * file and its copy goes to the broker with the group ({@link LedgerJournal}): one wait.
     */
    private void writeGroup(List<Request> group, BrokerSession session) {
        List<NewDispute> disputes = group.stream().map(Request::dispute).toList();
        List<String> deliveryIds = disputes.stream()
                .map(d -> PendingDelivery.firstDeliveryId(d.dispute().disputeId())).toList();
        CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
        dispatch.claimForGroup(deliveryIds, confirmed);
        List<PendingDelivery> deliveries;
        List<String> journalRecords = List.of();
        // Each case's own span for the commit it shares with the group (nothing when tracing is off).
        List<Span> recording = tracing.on()
                ? disputes.stream().map(d -> tracing.start(d.dispute().disputeId(), "ledger record", SpanKind.INTERNAL)).toList()
                : List.of();
        try {
            deliveries = ledger.recordGroup(disputes);
            if (database.mode().journalled()) {
                journalRecords = journal.recordsOf(disputes);
            }
        } catch (Exception e) {
            // Nothing of the group was recorded.
            recording.forEach(span -> span.setStatus(StatusCode.ERROR).end());
            confirmed.complete(false);
            dispatch.releaseFromGroup(deliveryIds);
            if (e instanceof DuplicateSourceRecordException) {
                writeWithoutRepeats(group, session);
            } else {
                group.forEach(r -> r.outcome().completeExceptionally(e));
            }
            return;
        }
        recording.forEach(Span::end);
        groupSizes.record(group.size());
        try {
            session.open().sendAll(journalRecords, deliveries);
        } catch (Exception e) {
            session.close(); // broken or never opened: a new one for the next group
            LOG.warnf("Broker did not confirm a group of %d deliveries: %s", deliveries.size(),
                    e.getClass().getSimpleName());
            try {
                // a write that waits for the disk: it also takes a journalled group to the ledger's file
                ledger.recordDeliveryFailures(deliveries, e.getClass().getName());
            } catch (SQLException failed) {
                LOG.warnf("Delivery failures not recorded: %s", failed.getClass().getSimpleName());
            }
            confirmed.completeExceptionally(e);
            dispatch.releaseFromGroup(deliveryIds);
            group.forEach(r -> r.outcome().complete(Outcome.COMMITTED_NOT_DELIVERED));
            return;
        }
        try {
            ledger.markAllDelivered(deliveries, GatewayTime.now(clock));
        } catch (SQLException e) {
            LOG.warnf("Delivered group of %d not marked in the ledger: %s", deliveries.size(),
                    e.getClass().getSimpleName());
        }
        // On the queues and (unless the mark failed: the relay re-sends, the broker drops the copy,
        // the ledger catches up) DISPATCHED in the ledger: each request gets its 202.
        for (PendingDelivery delivery : deliveries) {
            metrics.counter("gateway.disputes.dispatched", "handler", delivery.handlerId()).increment();
        }
        confirmed.complete(true);
        dispatch.releaseFromGroup(deliveryIds);
        group.forEach(r -> r.outcome().complete(Outcome.DELIVERED));
    }

    /**
     * A group met a source record the ledger holds (or held the same one twice): the repeats take
     * the one-by-one path, which answers them as such, and the rest is written again as a group. Sending
     * the whole group one by one instead would give each of its cases a durable commit of its own,
     * just when retries show the gateway is already behind.
     */
    private void writeWithoutRepeats(List<Request> group, BrokerSession session) {
        Set<String> repeats;
        try {
            repeats = group.size() == 1 ? Set.of(group.get(0).dispute().dispute().disputeId())
                    : ledger.repeatsAmong(group.stream().map(Request::dispute).toList());
        } catch (SQLException e) {
            group.forEach(r -> r.outcome().complete(Outcome.ALONE));
            return;
        }
        List<Request> rest = new ArrayList<>();
        List<Request> repeated = new ArrayList<>();
        for (Request r : group) {
            (repeats.contains(r.dispute().dispute().disputeId()) ? repeated : rest).add(r);
        }
        if (repeated.isEmpty()) {
            // The repeat is not visible yet (its own insert has not committed): one by one is safe.
            rest.forEach(r -> r.outcome().complete(Outcome.ALONE));
            return;
        }
        if (!rest.isEmpty()) {
            writeGroup(rest, session);
        }
        // Only now: a copy of a record that the rest carries, let go first, could record that record
        // one by one before the rest's commit, which would then fail on it in turn.
        repeated.forEach(r -> r.outcome().complete(Outcome.ALONE));
    }

    /** A writer's broker session, opened when first needed and replaced after a failure. */
    private final class BrokerSession {

        private HandlerQueueSender.Batch batch;

        HandlerQueueSender.Batch open() throws jakarta.jms.JMSException {
            if (batch == null) {
                batch = sender.openBatch();
            }
            return batch;
        }

        void close() {
            if (batch != null) {
                batch.close();
                batch = null;
            }
        }
    }

    /** Stops the writers, answering what still waits ({@link DeliveryGuarantee} calls it, before the broker stops). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writerThreads) {
            writer.join(5_000);
        }
    }
}
