package org.fengqiao.gateway.statistics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.UnitOfWork;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.jboss.logging.Logger;

/**
 * Keeps {@code statistics_fact} up with the ledger: every {@code gateway.statistics.catch-up-interval},
 * the one instance holding the lease reads the history entries after the watermark, and makes the
 * facts of each dispute they touch again from its whole history and its row. Making a dispute's facts
 * again gives the same row, so reading an entry twice does no harm, and the watermark may be behind.
 * The same transaction moves each dispute's contribution in the monthly summary ({@link MonthlySummary}):
 * out of the cell of its old facts, into the cell of its new ones.
 *
 * <p>Identity values are taken when a row is inserted, not when its transaction commits: an entry with
 * a smaller id can become visible after a larger one. So the watermark only moves over ids seen without
 * a gap; the entries after a gap are read again at every round until the gap is filled or has stayed
 * open longer than any transaction lasts (a rolled-back insert, or ids a restart skipped).
 */
@ApplicationScoped
public class FactsCatchUp {

    private static final Logger LOG = Logger.getLogger(FactsCatchUp.class);
    static final String LEASE = "statistics-facts";
    private static final Duration LEASE_TIME = Duration.ofMinutes(2);
    /** Entries read per round; a backlog is read in several. */
    static final int BATCH = 5000;
    /** Disputes made again per transaction. */
    static final int CHUNK = 200;
    /** A gap in the ids open this long is one that will never fill. */
    static final long GAP_NANOS = Duration.ofSeconds(10).toNanos();

    @Inject
    LedgerDatabase database;
    @Inject
    InstanceLeases leases;
    @Inject
    GatewayConfig gateway;
    @Inject
    StatisticsConfig config;
    @Inject
    PartyFieldCipher documents;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** Gaps seen in the history's ids, by id, with when they were first seen (this instance's clock). */
    private final Map<Long, Long> gaps = new ConcurrentHashMap<>();

    @Scheduled(every = "${gateway.statistics.catch-up-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            if (leases.tryAcquire(LEASE, gateway.instanceId(), GatewayTime.now(clock), LEASE_TIME)) {
                catchUp();
            }
        } catch (Exception e) {
            LOG.warnf("Statistics catch-up failed: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * Reads the history after the watermark, in rounds, until it has read all there was when it
     * started. @return how many disputes' facts were made
     */
    public synchronized int catchUp() throws SQLException {
        OffsetDateTime started = GatewayTime.now(clock);
        int cells = database.transaction(UnitOfWork.Commit.REPLAYABLE,
                work -> MonthlySummary.makeIfNeeded(work, started));
        if (cells >= 0) {
            LOG.infof("Statistics: the monthly summary made from the facts, %d cells", cells);
        } else if (database.transaction(UnitOfWork.Commit.REPLAYABLE, MonthlySummary::followIfNeeded)) {
            LOG.info("Statistics: the summary per breakdown made again from the monthly summary");
        }
        int made = 0;
        long target = maxHistoryId();
        for (int round = 0; round < 1000; round++) {
            long watermark = watermark();
            Round r = round(watermark);
            made += r.disputes();
            if (r.read() < BATCH || r.lastRead() >= target) {
                break;
            }
            if (r.newWatermark() == watermark) {
                // Stopped by a gap that is still open: what follows it was read and is read again next time.
                break;
            }
        }
        return made;
    }

    private record Round(int read, long lastRead, long newWatermark, int disputes) {
    }

    private Round round(long watermark) throws SQLException {
        List<long[]> ids = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select id, dispute_id from dispute_history where id > ? order by id
                        fetch first %d rows only""".formatted(BATCH))) {
            s.setLong(1, watermark);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(new long[] { rs.getLong(1) });
                    touched.add(rs.getString(2));
                }
            }
        }
        List<String> all = new ArrayList<>(touched);
        for (int i = 0; i < all.size(); i += CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
            database.transaction(UnitOfWork.Commit.REPLAYABLE, work -> {
                make(work, chunk);
                return null;
            });
        }
        long next = advance(watermark, ids);
        OffsetDateTime now = GatewayTime.now(clock);
        database.transaction(UnitOfWork.Commit.REPLAYABLE, work -> {
            MonthlySummary.followRound(work, now);
            try (PreparedStatement s = work.prepare(
                    "update statistics_watermark set last_history_id = ?, caught_up_at = ? where name = 'facts'")) {
                s.setLong(1, next);
                s.setObject(2, now);
                return s.executeUpdate();
            }
        });
        return new Round(ids.size(), ids.isEmpty() ? watermark : ids.get(ids.size() - 1)[0], next, all.size());
    }

    /**
     * The watermark moves over the ids read without a gap, and over a run of missing ids once it has
     * been missing longer than GAP_NANOS (the run is known by its first id).
     */
    private long advance(long watermark, List<long[]> ids) {
        long at = watermark;
        long nanos = System.nanoTime();
        for (long[] row : ids) {
            long id = row[0];
            if (id > at + 1) {
                Long seen = gaps.putIfAbsent(at + 1, nanos);
                if (seen == null || nanos - seen <= GAP_NANOS) {
                    return at;
                }
                gaps.remove(at + 1);
            }
            at = id;
        }
        long reached = at;
        gaps.keySet().removeIf(id -> id <= reached);
        return at;
    }

    long watermark() throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select last_history_id from statistics_watermark where name = 'facts'");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private long maxHistoryId() throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select max(id) from dispute_history");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** One history entry, as the facts read it. */
    private record Entry(String event, OffsetDateTime at) {
    }

    /** A dispute's row, as the facts read it. */
    private record Row(String disputeId, String countyCode, String townshipCode, String categoryCode,
            String sourceSystem, String handlerId, OffsetDateTime receivedAt, OffsetDateTime dueAt, String outcome) {
    }

    private void make(UnitOfWork work, List<String> disputeIds) throws SQLException {
        String in = String.join(", ", Collections.nCopies(disputeIds.size(), "?"));
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement s = work.prepare("""
                select dispute_id, county_code, township_code, category_code, source_system, handler_id, received_at,
                    due_at, outcome from dispute where dispute_id in (%s)""".formatted(in))) {
            bind(s, disputeIds);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class),
                            rs.getString(9)));
                }
            }
        }
        Map<String, List<Entry>> history = new HashMap<>();
        try (PreparedStatement s = work.prepare("""
                select dispute_id, event, occurred_at from dispute_history where dispute_id in (%s)
                order by dispute_id, id""".formatted(in))) {
            bind(s, disputeIds);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    history.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Entry(rs.getString(2), rs.getObject(3, OffsetDateTime.class)));
                }
            }
        }
        Map<String, OffsetDateTime> signBy = new HashMap<>();
        // The summary's cells lose what the facts made before gave them: read locked, so that the row
        // taken out is the row this transaction deletes.
        Map<String, MonthlySummary.Cell> oldCells = new HashMap<>();
        Map<String, Tally> oldTallies = new HashMap<>();
        try (PreparedStatement s = work.prepare("select dispute_id, sign_by, %s from statistics_fact"
                .formatted(MonthlySummary.FACT_COLUMNS) + " where dispute_id in (%s) for update".formatted(in))) {
            bind(s, disputeIds);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("dispute_id");
                    oldCells.put(id, MonthlySummary.Cell.read(rs));
                    oldTallies.put(id, MonthlySummary.contribution(rs));
                    OffsetDateTime at = rs.getObject("sign_by", OffsetDateTime.class);
                    if (at != null) {
                        signBy.put(id, at);
                    }
                }
            }
        }
        Set<String> known = oldCells.keySet();
        Set<String> repeats = repeatPetitions(work, rows.values());
        List<Facts> facts = new ArrayList<>();
        for (String id : disputeIds) {
            Row row = rows.get(id);
            if (row == null) {
                continue;
            }
            List<Entry> entries = history.getOrDefault(id, List.of());
            OffsetDateTime deadline = signBy.get(id);
            if (deadline == null && entries.stream().anyMatch(e -> e.event().equals("SIGNED"))) {
                deadline = signingDeadline(work, id);
            }
            facts.add(Facts.of(id, row.countyCode(), row.townshipCode(), row.categoryCode(), row.sourceSystem(),
                    row.handlerId(), row.receivedAt(), row.dueAt(), row.outcome(), deadline,
                    entries.stream().map(e -> new Facts.Event(e.event(), e.at())).toList(),
                    config.courtSource(), config.petitionSource(), repeats.contains(id)));
        }
        OffsetDateTime now = GatewayTime.now(clock);
        List<String> stale = facts.stream().map(Facts::disputeId).filter(known::contains).toList();
        if (!stale.isEmpty()) {
            try (PreparedStatement s = work.prepare("delete from statistics_fact where dispute_id in (%s)"
                    .formatted(String.join(", ", Collections.nCopies(stale.size(), "?"))))) {
                bind(s, stale);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = work.prepare("""
                insert into statistics_fact (dispute_id, county_code, city_code, township_code, category_code,
                    source_system, handler_id, received_at, received_on, received_month, dispatched, signed,
                    signed_on_time, sign_by, resolved, resolved_on_time, mediation_concluded, mediated, returned,
                    extended, escalated, reopened, evaluated, satisfied, handling_hours, court_case,
                    court_pre_litigation, petition, repeat_petition, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Facts f : facts) {
                int i = 1;
                s.setString(i++, f.disputeId());
                s.setString(i++, f.countyCode());
                s.setString(i++, f.countyCode() == null || f.countyCode().length() < 4 ? null
                        : f.countyCode().substring(0, 4));
                s.setString(i++, f.townshipCode());
                s.setString(i++, f.categoryCode());
                s.setString(i++, f.sourceSystem());
                s.setString(i++, f.handlerId());
                s.setObject(i++, f.receivedAt());
                s.setObject(i++, f.receivedOn());
                s.setString(i++, f.receivedMonth());
                i = flags(s, i, f.dispatched(), f.signed(), f.signedOnTime());
                s.setObject(i++, f.signBy(), Types.TIMESTAMP_WITH_TIMEZONE);
                i = flags(s, i, f.resolved(), f.resolvedOnTime(), f.mediationConcluded(), f.mediated(), f.returned(),
                        f.extended(), f.escalated(), f.reopened(), f.evaluated(), f.satisfied());
                if (f.handlingHours() == null) {
                    s.setNull(i++, Types.DOUBLE);
                } else {
                    s.setDouble(i++, f.handlingHours());
                }
                i = flags(s, i, f.courtCase(), f.courtPreLitigation(), f.petition(), f.repeatPetition());
                s.setObject(i++, now);
                s.addBatch();
            }
            s.executeBatch();
        }
        Map<MonthlySummary.Cell, Tally> changes = new HashMap<>();
        for (Facts f : facts) {
            if (known.contains(f.disputeId())) {
                changes.computeIfAbsent(oldCells.get(f.disputeId()), k -> new Tally())
                        .add(oldTallies.get(f.disputeId()), -1);
            }
            changes.computeIfAbsent(MonthlySummary.Cell.of(f), k -> new Tally()).add(Tally.of(f), 1);
        }
        MonthlySummary.apply(work, changes);
    }

    private static int flags(PreparedStatement s, int from, boolean... flags) throws SQLException {
        int i = from;
        for (boolean flag : flags) {
            s.setShort(i++, (short) (flag ? 1 : 0));
        }
        return i;
    }

    private static void bind(PreparedStatement s, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            s.setString(i + 1, values.get(i));
        }
    }

    /**
     * The signing deadline of the dispute's assignment, read when its first signing is first seen:
     * seconds after the signing, while the signed assignment is still the current one.
     */
    private OffsetDateTime signingDeadline(UnitOfWork work, String disputeId) throws SQLException {
        try (PreparedStatement s = work.prepare("select document from dispute where dispute_id = ?")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                JsonNode at = json.readTree(documents.open(rs.getString(1))).at("/assignment/signBy");
                return at.isTextual() ? OffsetDateTime.parse(at.asText()) : null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return null;
            }
        }
    }

    /**
     * The petitions among these disputes whose party (by the keyed hash of the ID number) petitioned
     * before: an earlier dispute of the petition source shares a party key with it.
     */
    private Set<String> repeatPetitions(UnitOfWork work, java.util.Collection<Row> rows) throws SQLException {
        List<String> petitions = rows.stream().filter(r -> config.petitionSource().equals(r.sourceSystem()))
                .map(Row::disputeId).toList();
        Set<String> repeats = new HashSet<>();
        if (petitions.isEmpty()) {
            return repeats;
        }
        try (PreparedStatement s = work.prepare("""
                select distinct k.dispute_id from dispute_party_key k
                join dispute_party_key o on o.key_hash = k.key_hash and o.dispute_id <> k.dispute_id
                    and o.received_at < k.received_at
                join dispute d on d.dispute_id = o.dispute_id and d.source_system = ?
                where k.dispute_id in (%s)""".formatted(String.join(", ", Collections.nCopies(petitions.size(), "?"))))) {
            s.setString(1, config.petitionSource());
            for (int i = 0; i < petitions.size(); i++) {
                s.setString(i + 2, petitions.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    repeats.add(rs.getString(1));
                }
            }
        }
        return repeats;
    }
}
