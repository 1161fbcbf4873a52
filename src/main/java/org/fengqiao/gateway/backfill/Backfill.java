package org.fengqiao.gateway.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.delivery.DeliveryGuarantee;
import org.fengqiao.gateway.intake.DisputeIntake;
import org.fengqiao.gateway.intake.IntakeCase;
import org.fengqiao.gateway.intake.LinkingConfig;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.ledger.BackfillLedger;
import org.fengqiao.gateway.ledger.BackfillLedger.Entry;
import org.fengqiao.gateway.ledger.BackfillLedger.Fate;
import org.fengqiao.gateway.ledger.BackfillLedger.Historical;
import org.fengqiao.gateway.ledger.BackfillLedger.Rejection;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.DuplicateSourceRecordException;
import org.fengqiao.gateway.ledger.HistoryKind;
import org.fengqiao.gateway.ledger.PartyKeys;
import org.fengqiao.gateway.ledger.PendingDelivery;
import org.fengqiao.gateway.ledger.SupervisionTimes;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.supervision.DeadlinePolicy;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.observability.FileProgress;

/**
 * Imports a source's historical export (docs/backfill.md): each record through the source's own
 * mapping and schema ({@link MappedSourceAdapter}, as live intake) and the shared enrichment
 * ({@link DisputeIntake#historical}), at the time the source received it, then into the ledger as its
 * history says: closed, delivered to its handler, or held on the county centre's list when overdue.
 *
 * <p>The file is read by a plain streaming reader, a chunk of records at a time, rather than by a
 * Camel split: what makes the import resumable is that each chunk's disputes and the import's
 * position past them are committed in one transaction, and the reader's position (records, bytes)
 * is what the progress bar and the resumption need. Nothing of the file is held beyond one chunk.
 */
@ApplicationScoped
public class Backfill {

    private static final Logger LOG = Logger.getLogger(Backfill.class);
    /** Rejected lines listed in a report; the rest are in backfill_rejected. */
    static final int LISTED_REJECTIONS = 1000;

    /**
     * Where an import ended, and where its time went: preparing chunks (mapping, enrichment, keys, on
     * the workers), writing them (the writer's transactions), and the part of the writing the next
     * chunk, prepared already, waited for.
     */
    public record Report(BackfillLedger.Run run, long resumedAfter, Duration took, List<Rejection> rejections,
            Duration preparing, Duration writing, Duration waitingForWrites) {
    }

    /** An import stopped because the gateway is stopping: run it again to go on. */
    public static final class Stopped extends Exception {
        Stopped() {
            super("the gateway is stopping");
        }
    }

    @Inject
    MappedSourceAdapter sources;
    @Inject
    DisputeIntake intake;
    @Inject
    DisputeLedger disputes;
    @Inject
    BackfillLedger ledger;
    @Inject
    DeliveryGuarantee guarantee;
    @Inject
    PartyKeys partyKeys;
    @Inject
    DeadlinePolicy deadlines;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    BackfillConfig config;
    @Inject
    LinkingConfig linking;

    private volatile boolean stopping;

    /** The sources an export can be imported for: those defined by files, as live intake knows them. */
    public Set<String> sources() {
        return sources.definedSources();
    }

    /**
     * The import of {@code file} for {@code source}: the one that stopped on this same file (same
     * content), to go on with, or a new one.
     */
    public BackfillLedger.Run begin(String source, Path file) throws IOException, SQLException {
        if (!sources.definedSources().contains(source)) {
            throw new IllegalArgumentException("no source " + source + "; the sources are " + sources.definedSources());
        }
        return ledger.startOrResume(source, file.getFileName().toString(), sha256(file), GatewayTime.now(clock));
    }

    /** Reads the file from where the import stands to its end, a chunk at a time. */
    public Report run(BackfillLedger.Run run, Path file, FileProgress progress) throws Exception {
        long started = System.nanoTime();
        String source = run.sourceSystem();
        long resumedAfter = run.linesDone();
        LOG.infof("Backfill %d of %s from %s: starting after record %d", run.runId(), source, file.getFileName(),
                resumedAfter);
        Written written = new Written(run.imported(), run.rejected());
        Future<?> writing = null;
        try (ExportReader reader = ExportReader.open(file, sources.sendsXml(source), json)) {
            ExportReader.Item item;
            if (resumedAfter > 0) {
                do {
                    item = reader.next();
                } while (item != null && item.number() < resumedAfter);
            }
            progress.begin(resumedAfter);
            List<ExportReader.Item> chunk = new ArrayList<>(config.chunkSize());
            long lastNumber = resumedAfter;
            while ((item = reader.next()) != null) {
                chunk.add(item);
                if (chunk.size() >= config.chunkSize()) {
                    long t0 = System.nanoTime();
                    Chunk next = prepare(source, chunk, item.number() - lastNumber);
                    long t1 = System.nanoTime();
                    lastNumber = item.number();
                    chunk = new ArrayList<>(config.chunkSize());
                    // The chunk before is written while this one was prepared: one chunk in the ledger's
                    // transaction while the next is mapped, so the database and the mapping work at once.
                    awaitWrite(writing);
                    written.preparingNanos += t1 - t0;
                    written.waitingNanos += System.nanoTime() - t1;
                    if (stopping) {
                        throw new Stopped();
                    }
                    writing = write(run.runId(), next, written, lastNumber, reader.bytesRead(), reader.size(), progress);
                }
            }
            // The last chunk also takes the blank lines at the end of the file.
            long counted = chunk.isEmpty() ? 0 : chunk.get(chunk.size() - 1).number() - lastNumber;
            long t0 = System.nanoTime();
            Chunk last = chunk.isEmpty() ? null : prepare(source, chunk, counted);
            long t1 = System.nanoTime();
            awaitWrite(writing);
            writing = null;
            if (last != null) {
                lastNumber += counted;
                awaitWrite(write(run.runId(), last, written, lastNumber, reader.size(), reader.size(), progress));
            }
            written.preparingNanos += t1 - t0;
            written.waitingNanos += System.nanoTime() - t1;
            progress.update(lastNumber, written.imported, written.rejected, reader.size(), reader.size());
        } catch (Exception e) {
            // Nothing is marked stopped while a chunk may still commit behind it.
            quietlyAwait(writing);
            ledger.finish(run.runId(), false, e instanceof Stopped ? e.getMessage() : e.getClass().getSimpleName()
                    + (e instanceof IOException ? ": " + e.getMessage() : ""), GatewayTime.now(clock));
            throw e;
        }
        ledger.finish(run.runId(), true, null, GatewayTime.now(clock));
        BackfillLedger.Run done = ledger.find(run.runId()).orElseThrow();
        LOG.infof("Backfill %d of %s done: %d records read, %d imported, %d already present, %d rejected,"
                + " %d overdue for the centre", done.runId(), source, done.linesDone(), done.imported(),
                done.alreadyPresent(), done.rejected(), done.overdue());
        return new Report(done, resumedAfter, Duration.ofNanos(System.nanoTime() - started),
                ledger.rejections(run.runId(), LISTED_REJECTIONS), Duration.ofNanos(written.preparingNanos),
                Duration.ofNanos(written.writingNanos), Duration.ofNanos(written.waitingNanos));
    }

    /** Every rejected record of an import, in order. */
    public List<Rejection> rejections(long runId) throws SQLException {
        return ledger.rejections(runId, Integer.MAX_VALUE);
    }

    /** Stops an import between two chunks (the gateway is stopping); what is committed stays. */
    public void stop() {
        stopping = true;
    }

    private record Parsed(ExportReader.Item item, DisputeDraft draft, History history) {
    }

    /** Counts of the chunks committed so far, the writer's alone. */
    private static final class Written {
        long imported;
        long rejected;
        /** Times for the report: preparing and waiting the reader's, writing the writer's. */
        long preparingNanos;
        long writingNanos;
        long waitingNanos;

        Written(long imported, long rejected) {
            this.imported = imported;
            this.rejected = rejected;
        }
    }

    /** A chunk mapped, its records enriched as the ledger stood when it was prepared, ready to record. */
    private record Chunk(String source, List<Parsed> parsed, List<Rejection> rejected, long lines,
            Enriched enriched) {
    }

    /** The chunk's new records made into disputes, and those the ledger already had. */
    private record Enriched(List<Historical> historicals, long alreadyPresent, OffsetDateTime at) {
    }

    /** A chunk's records mapped (the records side by side) and enriched, nothing recorded yet. */
    private Chunk prepare(String source, List<ExportReader.Item> items, long lines) throws Exception {
        OffsetDateTime read = GatewayTime.now(clock);
        // Mapping and enrichment are the CPU's work (schema, mapping, jurisdiction, encryption, keys):
        // the records of a chunk side by side, recorded together.
        List<Object> mapped = sideBySide(items, item -> map(source, item, read));
        List<Rejection> rejected = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>(items.size());
        for (Object m : mapped) {
            if (m instanceof Rejection r) {
                rejected.add(r);
            } else {
                parsed.add((Parsed) m);
            }
        }
        return new Chunk(source, parsed, rejected, lines, enrich(source, parsed));
    }

    /** The chunk's records not in the ledger, as the intake makes them. */
    private Enriched enrich(String source, List<Parsed> parsed) throws Exception {
        Set<String> ids = parsed.stream().map(p -> p.draft().source().recordId()).collect(Collectors.toSet());
        Set<String> present = ledger.present(source, ids);
        Set<String> seen = new HashSet<>();
        List<Parsed> fresh = new ArrayList<>();
        long alreadyPresent = 0;
        OffsetDateTime now = GatewayTime.now(clock);
        for (Parsed p : parsed) {
            String id = p.draft().source().recordId();
            if (!seen.add(id) || present.contains(id)) {
                alreadyPresent++;
            } else {
                fresh.add(p);
            }
        }
        // What the intake would read from the ledger for each record (a dispute id, the disputes sharing
        // a party key), read once for the chunk: a round trip per record costs more than the record's own
        // work. The chunk's records are one source's, so none of them is another's same matter (that
        // takes another source); the chunk before, perhaps not yet committed, is the same source's too.
        List<String> disputeIds = disputes.nextDisputeIds(
                fresh.stream().map(p -> p.draft().source().receivedAt()).toList());
        List<Set<String>> keys = sideBySide(fresh, p -> partyKeys.keysOf(p.draft().parties()));
        OffsetDateTime earliest = fresh.stream().map(p -> p.draft().source().receivedAt())
                .min(OffsetDateTime::compareTo).orElse(now);
        List<DisputeLedger.KeyedDispute> keyed = disputes.disputesByPartyKeys(
                keys.stream().flatMap(Set::stream).collect(Collectors.toSet()), earliest.minus(linking.window()));
        List<Integer> order = java.util.stream.IntStream.range(0, fresh.size()).boxed().toList();
        List<Historical> historicals = sideBySide(order,
                i -> historical(fresh.get(i), disputeIds.get(i), keys.get(i), keyed, now));
        return new Enriched(historicals, alreadyPresent, now);
    }

    /**
     * Records a prepared chunk on the writer, with the import's progress past it, then delivers its
     * open records and tells {@code progress}. A record of the chunk that became a dispute after the
     * chunk was prepared (it arrived live, or it was in the chunk before, committed meanwhile) fails
     * the transaction: the chunk is enriched again, that one as present, and recorded.
     */
    private Future<?> write(long runId, Chunk chunk, Written written, long lastNumber, long bytesRead,
            long bytesTotal, FileProgress progress) {
        return writer.submit(() -> {
            long started = System.nanoTime();
            try {
                return record(runId, chunk, written, lastNumber, bytesRead, bytesTotal, progress);
            } finally {
                written.writingNanos += System.nanoTime() - started;
            }
        });
    }

    private Void record(long runId, Chunk chunk, Written written, long lastNumber, long bytesRead, long bytesTotal,
            FileProgress progress) throws Exception {
        Enriched enriched = chunk.enriched();
        for (int attempt = 1;; attempt++) {
            try {
                List<PendingDelivery> deliveries = ledger.recordChunk(runId, enriched.historicals(),
                        chunk.rejected(), new BackfillLedger.ChunkCounts(chunk.lines(), enriched.alreadyPresent()),
                        enriched.at());
                deliver(deliveries);
                written.imported += enriched.historicals().size();
                written.rejected += chunk.rejected().size();
                progress.update(lastNumber, written.imported, written.rejected, bytesRead, bytesTotal);
                return null;
            } catch (DuplicateSourceRecordException e) {
                if (attempt >= 3) {
                    throw e;
                }
                enriched = enrich(chunk.source(), chunk.parsed());
            }
        }
    }

    private static void awaitWrite(Future<?> writing) throws Exception {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void quietlyAwait(Future<?> writing) {
        try {
            awaitWrite(writing);
        } catch (Exception alreadyReported) {
            // the import fails with the first failure; this one's chunk is not committed
        }
    }

    /** One record's work in a chunk. */
    @FunctionalInterface
    private interface Work<T, R> {
        R apply(T item) throws Exception;
    }

    /**
     * The work of every item of a chunk on the import's workers, the results in the items' order; the
     * first failure fails the chunk (nothing of it is recorded).
     */
    private <T, R> List<R> sideBySide(List<T> items, Work<T, R> work) throws Exception {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(workers.submit(() -> work.apply(item)));
        }
        List<R> out = new ArrayList<>(items.size());
        try {
            for (Future<R> f : futures) {
                out.add(f.get());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(false));
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return out;
    }

    /**
     * The import's workers: as many as there are processors, with the application's class loader, as
     * the beans the intake makes on first use read their files through it (the common fork-join pool's
     * threads have the system's).
     */
    private final ExecutorService workers = newWorkers("backfill-worker-", Runtime.getRuntime().availableProcessors());
    /** The one thread that records chunks, in the file's order, while the next one is prepared. */
    private final ExecutorService writer = newWorkers("backfill-writer-", 1);

    private static ExecutorService newWorkers(String name, int threads) {
        ClassLoader application = Backfill.class.getClassLoader();
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + number.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(application);
            return t;
        });
    }

    @PreDestroy
    void shutDown() {
        workers.shutdownNow();
        writer.shutdownNow();
    }

    /** One record of the file mapped as live intake maps it, with its history: a {@link Parsed}, or a {@link Rejection}. */
    private Object map(String source, ExportReader.Item item, OffsetDateTime now) {
        if (item.unreadable() != null) {
            return new Rejection(item.number(), item.unreadable());
        }
        List<FieldViolation> violations = new ArrayList<>();
        History history = History.parse(item.history(), now, violations);
        DisputeDraft draft = null;
        try {
            draft = sources.toDraft(source, item.payload());
        } catch (InvalidRequestException e) {
            violations.addAll(e.violations());
        }
        if (!violations.isEmpty()) {
            return new Rejection(item.number(), violations.stream()
                    .map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        }
        return new Parsed(item, draft.receivedAt(history.receivedAt()), history);
    }

    /** The chunk's open records not yet due, on their handlers' queues now; the outbox relay does what the broker does not confirm. */
    private void deliver(List<PendingDelivery> deliveries) {
        for (PendingDelivery delivery : deliveries) {
            try {
                guarantee.deliver(delivery);
            } catch (Exception e) {
                LOG.debugf("Backfilled dispute %s left to the outbox relay: %s", delivery.disputeId(),
                        e.getClass().getSimpleName());
            }
        }
    }

    /** A record as the intake makes it, with the rest of its history and its fate. */
    private Historical historical(Parsed p, String disputeId, Set<String> recordKeys,
            List<DisputeLedger.KeyedDispute> keyed, OffsetDateTime now) throws Exception {
        History h = p.history();
        IntakeCase made = intake.historical(p.draft(), h.handlerId(), disputeId, recordKeys, keyed);
        CanonicalDispute d = made.dispute();
        var assignment = d.assignment();
        String source = d.source().system();
        String handler = assignment.handlerId();
        List<Entry> history = new ArrayList<>();
        String received = "backfilled: received by " + source + " at " + GatewayTime.inZone(h.receivedAt());
        Fate fate;
        SupervisionTimes supervision = new SupervisionTimes(null, null);
        if (h.closedAt() != null) {
            fate = Fate.CLOSED;
            history.add(new Entry(HistoryKind.BACKFILLED, DisputeStatus.RECEIVED, h.receivedAt(), source, null,
                    received, null));
            history.add(new Entry(HistoryKind.DISPATCHED, DisputeStatus.DISPATCHED, h.receivedAt(), "gateway", handler,
                    assignment.reason(), null));
            if (h.signedAt() != null) {
                history.add(new Entry(HistoryKind.SIGNED, DisputeStatus.SIGNED, h.signedAt(), handler, handler, null,
                        null));
            }
            history.add(new Entry(HistoryKind.RESOLVED, DisputeStatus.RESOLVED, h.closedAt(), handler, handler,
                    h.outcome() == null ? null : h.outcome().name(), h.result()));
            OffsetDateTime closed = h.closedAt();
            String closing = "closed at the source";
            if (h.evaluation() != null) {
                OffsetDateTime evaluated = h.evaluatedAt() != null ? h.evaluatedAt() : h.closedAt();
                if (h.evaluation().satisfied()) {
                    history.add(new Entry(HistoryKind.EVALUATED, DisputeStatus.EVALUATED, evaluated, source, handler,
                            h.evaluation().name(), null));
                } else {
                    // Closed after all, as the source's history says; not an evaluation that counts as satisfied.
                    closing = "closed at the source after the evaluation " + h.evaluation().name();
                }
                closed = evaluated;
            }
            history.add(new Entry(HistoryKind.CLOSED, DisputeStatus.CLOSED, closed, "gateway", handler, closing, null));
        } else if (assignment.dueAt() != null && assignment.dueAt().isBefore(now)) {
            fate = Fate.OVERDUE;
            history.add(new Entry(HistoryKind.BACKFILLED, DisputeStatus.RECEIVED, h.receivedAt(), source, null,
                    received + "; open and past its deadline: held for the county centre to decide on", null));
        } else {
            fate = Fate.DELIVER;
            history.add(new Entry(HistoryKind.BACKFILLED, DisputeStatus.RECEIVED, h.receivedAt(), source, null,
                    received, null));
            var times = deadlines.supervised(h.receivedAt(), assignment.signBy(), assignment.dueAt());
            supervision = new SupervisionTimes(times.remindAt(), times.escalateAt());
        }
        // The document in clear is what a handler's queue gets: only an open record not yet due is delivered.
        DisputeLedger.NewDispute row = disputes.newDispute(d, fate == Fate.DELIVER ? json.writeValueAsString(d) : null,
                recordKeys, supervision);
        return new Historical(row, fate, history, h.outcome(), h.closedAt());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
