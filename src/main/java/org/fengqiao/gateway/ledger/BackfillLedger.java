package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.ResolutionOutcome;

/**
 * What a backfill writes: historical disputes with their own history, a chunk at a time, in the
 * same transaction as the import's progress, so an import killed at any moment goes on after the
 * last chunk it committed and records nothing twice. The disputes' rows, party keys, search keys and
 * same-matter links are written as live intake writes them ({@link DisputeLedger}).
 */
@ApplicationScoped
public class BackfillLedger {

    /** What becomes of a historical record. */
    public enum Fate {
        /** Closed at the source: in the ledger closed, with its real dates; never on a queue. */
        CLOSED,
        /** Open and not yet due: delivered to its handler as a live case is. */
        DELIVER,
        /** Open and past its deadline: held, on the county centre's list. */
        OVERDUE
    }

    /** One entry of a historical dispute's timeline. */
    public record Entry(HistoryKind kind, DisputeStatus status, OffsetDateTime at, String actor, String handlerId,
            String reason, String detail) {
    }

    /** A historical dispute ready to record: made by the intake, with its fate and the rest of its history. */
    public record Historical(DisputeLedger.NewDispute dispute, Fate fate, List<Entry> history,
            ResolutionOutcome outcome, OffsetDateTime closedAt) {

        /**
         * The row as its history left it, in its first insert: closed with its outcome, or (overdue)
         * without a deadline in the row while the centre decides, as supervision watches that column and
         * would otherwise take every such record for one to supervise (督办) at once.
         */
        DisputeLedger.RowState rowState() {
            return switch (fate) {
                case CLOSED -> new DisputeLedger.RowState(DisputeStatus.CLOSED,
                        outcome == null ? null : outcome.name(), closedAt, false);
                case OVERDUE -> new DisputeLedger.RowState(DisputeStatus.RECEIVED, null,
                        dispute.dispute().source().receivedAt(), true);
                case DELIVER -> DisputeLedger.RowState.received(dispute, DisputeStatus.RECEIVED);
            };
        }
    }

    /** A line of the file that was not taken, and why (field names and rules, never the values). */
    public record Rejection(long lineNo, String reason) {
    }

    /** An import as recorded: where it stands. */
    public record Run(long runId, String sourceSystem, String fileName, String fileSha256, String state,
            long linesDone, long imported, long alreadyPresent, long rejected, long overdue,
            OffsetDateTime startedAt, OffsetDateTime finishedAt, String failure) {
    }

    /** An open historical dispute past its deadline, for the county centre to decide on. */
    public record Overdue(String disputeId, String sourceSystem, String handlerId, String countyCode,
            String townshipCode, String categoryCode, OffsetDateTime receivedAt, OffsetDateTime dueAt, long runId) {
    }

    /** The counts one chunk adds to its import's. */
    public record ChunkCounts(long lines, long alreadyPresent) {
    }

    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";

    @Inject
    LedgerDatabase database;
    @Inject
    DisputeLedger ledger;

    /**
     * The unfinished import of this same file of this source, to go on with, or a new one. An import
     * of the same file that finished long ago gives a new one: every record of it is then already present.
     */
    public Run startOrResume(String sourceSystem, String fileName, String sha256, OffsetDateTime now)
            throws SQLException {
        return database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            Connection c = work.connection();
            try (PreparedStatement s = c.prepareStatement("select run_id from backfill_run where source_system = ?"
                    + " and file_sha256 = ? and state in ('RUNNING', 'FAILED') order by run_id desc")) {
                s.setString(1, sourceSystem);
                s.setString(2, sha256);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        try (PreparedStatement u = c.prepareStatement(
                                "update backfill_run set state = 'RUNNING', failure = null where run_id = ?")) {
                            u.setLong(1, id);
                            u.executeUpdate();
                        }
                        return find(c, id).orElseThrow();
                    }
                }
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("""
                    insert into backfill_run (source_system, file_name, file_sha256, state, lines_done, imported,
                        already_present, rejected, overdue, started_at)
                    values (?, ?, ?, 'RUNNING', 0, 0, 0, 0, 0, ?)""")) {
                s.setString(1, sourceSystem);
                s.setString(2, fileName.length() > 255 ? fileName.substring(fileName.length() - 255) : fileName);
                s.setString(3, sha256);
                s.setObject(4, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select max(run_id) from backfill_run where source_system = ? and file_sha256 = ?")) {
                s.setString(1, sourceSystem);
                s.setString(2, sha256);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            return find(c, id).orElseThrow();
        });
    }

    /** Which of these source records of one source the ledger holds already. */
    public Set<String> present(String sourceSystem, Collection<String> recordIds) throws SQLException {
        if (recordIds.isEmpty()) {
            return Set.of();
        }
        Set<String> found = new HashSet<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select source_record_id from dispute where source_system = ?"
                        + " and source_record_id in (" + String.join(", ",
                                java.util.Collections.nCopies(recordIds.size(), "?")) + ")")) {
            int i = 1;
            s.setString(i++, sourceSystem);
            for (String id : recordIds) {
                s.setString(i++, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Records a chunk of the file in one transaction: its disputes with their history (the open ones
     * not yet due with their first delivery in the outbox, the overdue ones on the centre's list), its
     * rejected lines, and the import's progress past the chunk.
     *
     * @return the deliveries to make now (the outbox relay makes them if this process cannot)
     * @throws DuplicateSourceRecordException when a record of the chunk became a dispute meanwhile (it
     *     arrived live): nothing of the chunk is recorded, and it can be made again
     */
    public List<PendingDelivery> recordChunk(long runId, List<Historical> disputes, List<Rejection> rejected,
            ChunkCounts counts, OffsetDateTime now) throws SQLException, DuplicateSourceRecordException {
        try {
            return database.transaction(UnitOfWork.Commit.DURABLE, work -> {
                Connection c = work.connection();
                List<DisputeLedger.NewDispute> rows = disputes.stream().map(Historical::dispute).toList();
                java.util.Map<DisputeLedger.NewDispute, DisputeLedger.RowState> states = new java.util.IdentityHashMap<>();
                disputes.forEach(h -> states.put(h.dispute(), h.rowState()));
                List<PendingDelivery> all = DisputeLedger.insertDisputeRows(c, rows, states::get);
                insertHistory(c, disputes);
                List<PendingDelivery> deliveries = new ArrayList<>();
                List<DisputeLedger.NewDispute> delivered = new ArrayList<>();
                for (int i = 0; i < disputes.size(); i++) {
                    if (disputes.get(i).fate() == Fate.DELIVER) {
                        deliveries.add(all.get(i));
                        delivered.add(rows.get(i));
                    }
                }
                DisputeLedger.insertOutbox(c, deliveries, delivered);
                DisputeLedger.insertCoHandlers(c, delivered);
                DisputeLedger.insertPartyKeys(c, rows);
                ledger.insertSearchRowsAndLinks(c, rows);
                long overdue = insertOverdue(c, runId, disputes, now);
                insertRejected(c, runId, rejected);
                try (PreparedStatement s = c.prepareStatement("""
                        update backfill_run set lines_done = lines_done + ?, imported = imported + ?,
                            already_present = already_present + ?, rejected = rejected + ?, overdue = overdue + ?
                        where run_id = ?""")) {
                    s.setLong(1, counts.lines());
                    s.setLong(2, disputes.size());
                    s.setLong(3, counts.alreadyPresent());
                    s.setLong(4, rejected.size());
                    s.setLong(5, overdue);
                    s.setLong(6, runId);
                    s.executeUpdate();
                }
                return deliveries;
            });
        } catch (SQLException e) {
            if (UniqueViolation.is(e)) {
                throw new DuplicateSourceRecordException();
            }
            throw e;
        }
    }

    private static void insertHistory(Connection c, List<Historical> disputes) throws SQLException {
        try (PreparedStatement s = DisputeLedger.prepareHistory(c)) {
            for (Historical h : disputes) {
                for (Entry e : h.history()) {
                    DisputeLedger.addHistory(s, h.dispute().dispute().disputeId(), e.kind(), e.status(), e.at(),
                            e.actor(), e.handlerId(), e.reason(), e.detail());
                }
            }
            s.executeBatch();
        }
    }

    private static long insertOverdue(Connection c, long runId, List<Historical> disputes, OffsetDateTime now)
            throws SQLException {
        long count = 0;
        try (PreparedStatement s = c.prepareStatement(
                "insert into backfill_overdue (dispute_id, run_id, county_code, due_at, listed_at) values (?, ?, ?, ?, ?)")) {
            for (Historical h : disputes) {
                if (h.fate() != Fate.OVERDUE) {
                    continue;
                }
                var d = h.dispute().dispute();
                s.setString(1, d.disputeId());
                s.setLong(2, runId);
                s.setString(3, d.location().countyCode());
                s.setObject(4, d.assignment().dueAt());
                s.setObject(5, now);
                s.addBatch();
                count++;
            }
            if (count > 0) {
                s.executeBatch();
            }
        }
        return count;
    }

    private static void insertRejected(Connection c, long runId, List<Rejection> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "insert into backfill_rejected (run_id, line_no, reason) values (?, ?, ?)")) {
            for (Rejection r : rejected) {
                s.setLong(1, runId);
                s.setLong(2, r.lineNo());
                s.setString(3, r.reason().length() > 1000 ? r.reason().substring(0, 1000) : r.reason());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The import is over: done, or stopped by a failure (run it again to go on). */
    public void finish(long runId, boolean done, String failure, OffsetDateTime now) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare(
                    "update backfill_run set state = ?, finished_at = ?, failure = ? where run_id = ?")) {
                s.setString(1, done ? DONE : FAILED);
                s.setObject(2, now);
                s.setString(3, failure == null ? null : failure.length() > 500 ? failure.substring(0, 500) : failure);
                s.setLong(4, runId);
                return s.executeUpdate();
            }
        });
    }

    public Optional<Run> find(long runId) throws SQLException {
        try (Connection c = database.connection()) {
            return find(c, runId);
        }
    }

    private static Optional<Run> find(Connection c, long runId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select run_id, source_system, file_name, file_sha256, state, lines_done, imported, already_present,
                    rejected, overdue, started_at, finished_at, failure
                from backfill_run where run_id = ?""")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime finished = rs.getObject(12, OffsetDateTime.class);
                return Optional.of(new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        GatewayTime.inZone(rs.getObject(11, OffsetDateTime.class)),
                        finished == null ? null : GatewayTime.inZone(finished), rs.getString(13)));
            }
        }
    }

    /** The first {@code limit} rejected lines of an import, in line order. */
    public List<Rejection> rejections(long runId, int limit) throws SQLException {
        List<Rejection> out = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select line_no, reason from backfill_rejected where run_id = ?"
                        + " order by line_no fetch first " + limit + " rows only")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rejection(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /**
     * The overdue historical disputes still waiting in the state the backfill left them (received,
     * not delivered), of one county or (null) of all, oldest deadline first.
     */
    public List<Overdue> overdue(String countyCode, int limit) throws SQLException {
        String where = countyCode == null ? "" : " and o.county_code = ?";
        List<Overdue> out = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select d.dispute_id, d.source_system, d.handler_id, d.county_code, d.township_code,
                            d.category_code, d.received_at, o.due_at, o.run_id
                        from backfill_overdue o join dispute d on d.dispute_id = o.dispute_id
                        where d.status = 'RECEIVED'%s
                        order by o.due_at, o.dispute_id fetch first %d rows only""".formatted(where, limit))) {
            if (countyCode != null) {
                s.setString(1, countyCode);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime due = rs.getObject(8, OffsetDateTime.class);
                    out.add(new Overdue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), GatewayTime.inZone(rs.getObject(7, OffsetDateTime.class)),
                            due == null ? null : GatewayTime.inZone(due), rs.getLong(9)));
                }
            }
        }
        return out;
    }
}
