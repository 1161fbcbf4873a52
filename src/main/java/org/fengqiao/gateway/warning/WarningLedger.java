package org.fengqiao.gateway.warning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.UnitOfWork;

/**
 * The warnings' tables ({@code risk_warning}, {@code risk_warning_evidence}, {@code risk_warning_cursor}):
 * what a round raises or adds, what the centres read and acknowledge.
 */
@ApplicationScoped
public class WarningLedger {

    static final String ARRIVALS = "arrivals";
    public static final String OPEN = "OPEN";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";

    @Inject
    LedgerDatabase database;

    /**
     * What a rule found: a subject that trips it, where it belongs and the disputes that show it.
     *
     * @param subject never personal data in clear (a keyed hash, a dispute id, a township and category)
     * @param label the subject as the centre is shown it, masked
     */
    public record Trigger(WarningRules.Rule rule, String subject, String label, String countyCode,
            String townshipCode, OffsetDateTime at, Collection<String> evidence) {
    }

    /** What a round did: warnings raised, and disputes that joined warnings already standing. */
    public record Applied(int raised, int joined) {
    }

    /** One row of the disputes' history a round reads. */
    record HistoryRow(long id, OffsetDateTime occurredAt) {
    }

    long cursor() throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select last_id from risk_warning_cursor where cursor_name = ?")) {
            s.setString(1, ARRIVALS);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The history rows after {@code after}, in id order, at most {@code limit}. */
    List<HistoryRow> historyAfter(long after, int limit) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "select id, occurred_at from dispute_history where id > ? order by id fetch first %d rows only"
                        .formatted(limit))) {
            s.setLong(1, after);
            List<HistoryRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new HistoryRow(rs.getLong(1), rs.getObject(2, OffsetDateTime.class)));
                }
            }
            return rows;
        }
    }

    /**
     * Records the triggers of a round in one transaction, and moves the arrivals' cursor with them
     * when {@code cursor} is given: a round that fails leaves both as they were, to be done again.
     */
    Applied apply(List<Trigger> triggers, Long cursor, OffsetDateTime now) throws SQLException {
        if (triggers.isEmpty() && cursor == null) {
            return new Applied(0, 0);
        }
        // A batch that found nothing only moves the cursor: lost in a crash, it is read again.
        UnitOfWork.Commit commit = triggers.isEmpty() ? UnitOfWork.Commit.REPLAYABLE : UnitOfWork.Commit.DURABLE;
        return database.transaction(commit, work -> {
            int raised = 0;
            int joined = 0;
            for (Trigger t : triggers) {
                Optional<Standing> standing = standing(work, t.rule().id(), t.subject(), t.at());
                if (standing.isPresent()) {
                    // Once per subject and window: a second trigger adds its disputes to an open warning.
                    if (OPEN.equals(standing.get().status())) {
                        joined += addEvidence(work, standing.get().id(), t.evidence(), now);
                    }
                    continue;
                }
                long id = insert(work, t, now);
                addEvidence(work, id, t.evidence(), now);
                raised++;
            }
            if (cursor != null) {
                moveCursor(work, cursor, now);
            }
            return new Applied(raised, joined);
        });
    }

    private record Standing(long id, String status) {
    }

    private static Optional<Standing> standing(UnitOfWork work, String ruleId, String subject, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement s = work.prepare("""
                select id, status from risk_warning
                where rule_id = ? and subject = ? and (window_end is null or window_end > ?)
                order by id desc fetch first 1 rows only""")) {
            s.setString(1, ruleId);
            s.setString(2, subject);
            s.setObject(3, at);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Standing(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private static long insert(UnitOfWork work, Trigger t, OffsetDateTime now) throws SQLException {
        // The window starts with the day of the trigger (the gateway's day): a surge's window is that day.
        OffsetDateTime start = GatewayTime.inZone(t.at()).toLocalDate().atStartOfDay(GatewayTime.ZONE).toOffsetDateTime();
        OffsetDateTime end = t.rule().windowDays().map(start::plusDays).orElse(null);
        try (PreparedStatement s = work.prepare("""
                insert into risk_warning (rule_id, rule_name, subject, subject_label, county_code, township_code,
                    window_start, window_end, raised_at, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, t.rule().id());
            s.setString(2, t.rule().name());
            s.setString(3, t.subject());
            s.setString(4, t.label());
            s.setString(5, t.countyCode());
            s.setString(6, t.townshipCode());
            s.setObject(7, start);
            if (end == null) {
                s.setNull(8, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                s.setObject(8, end);
            }
            s.setObject(9, now);
            s.setString(10, OPEN);
            s.executeUpdate();
        }
        try (PreparedStatement s = work.prepare(
                "select id from risk_warning where rule_id = ? and subject = ? and window_start = ?")) {
            s.setString(1, t.rule().id());
            s.setString(2, t.subject());
            s.setObject(3, start);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** @return how many of the disputes were new to the warning */
    private static int addEvidence(UnitOfWork work, long warningId, Collection<String> disputeIds, OffsetDateTime now)
            throws SQLException {
        if (disputeIds.isEmpty()) {
            return 0;
        }
        Set<String> fresh = new LinkedHashSet<>(disputeIds);
        try (PreparedStatement s = work.prepare("select dispute_id from risk_warning_evidence where warning_id = ?")) {
            s.setLong(1, warningId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fresh.remove(rs.getString(1));
                }
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = work.prepare(
                "insert into risk_warning_evidence (warning_id, dispute_id, added_at) values (?, ?, ?)")) {
            for (String id : fresh) {
                s.setLong(1, warningId);
                s.setString(2, id);
                s.setObject(3, now);
                s.addBatch();
            }
            s.executeBatch();
        }
        return fresh.size();
    }

    private static void moveCursor(UnitOfWork work, long lastId, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "update risk_warning_cursor set last_id = ?, updated_at = ? where cursor_name = ?")) {
            s.setLong(1, lastId);
            s.setObject(2, now);
            s.setString(3, ARRIVALS);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement s = work.prepare(
                "insert into risk_warning_cursor (cursor_name, last_id, updated_at) values (?, ?, ?)")) {
            s.setString(1, ARRIVALS);
            s.setLong(2, lastId);
            s.setObject(3, now);
            s.executeUpdate();
        }
    }

    /** A warning not yet on its centre's notice queue. */
    record Unsent(long id, String ruleId, String ruleName, String label, String countyCode, String townshipCode,
            OffsetDateTime raisedAt, List<String> disputeIds) {
    }

    List<Unsent> unsent(int limit) throws SQLException {
        List<RiskWarning> found = select("w.notified_at is null", List.of(), "w.id", limit);
        return found.stream().map(w -> new Unsent(w.id(), w.ruleId(), w.ruleName(), w.subject(), w.countyCode(),
                w.townshipCode(), w.raisedAt(), w.disputeIds())).toList();
    }

    void notified(long id, OffsetDateTime at) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare("update risk_warning set notified_at = ? where id = ?")) {
                s.setObject(1, at);
                s.setLong(2, id);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Warnings raised in {@code [from, to)}, newest first: of a county ({@code areaCode} 6 digits) or
     * of the counties of a city (4 digits), optionally in one status.
     */
    List<RiskWarning> list(String areaCode, String status, String disputeId, OffsetDateTime from, OffsetDateTime to,
            int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("w.raised_at >= ? and w.raised_at < ?");
        args.add(from);
        args.add(to);
        if (areaCode.length() == 6) {
            where.append(" and w.county_code = ?");
            args.add(areaCode);
        } else {
            where.append(" and w.county_code like ?");
            args.add(areaCode + "%");
        }
        if (status != null) {
            where.append(" and w.status = ?");
            args.add(status);
        }
        if (disputeId != null) {
            where.append(" and exists (select 1 from risk_warning_evidence e where e.warning_id = w.id"
                    + " and e.dispute_id = ?)");
            args.add(disputeId);
        }
        return select(where.toString(), args, "w.raised_at desc, w.id desc", limit);
    }

    Optional<RiskWarning> find(long id) throws SQLException {
        return select("w.id = ?", List.<Object>of(id), "w.id", 1).stream().findFirst();
    }

    /** Open warnings of an area (as {@link #list}), for the console's count. */
    int countOpen(String areaCode) throws SQLException {
        String sql = areaCode.length() == 6
                ? "select count(*) from risk_warning where county_code = ? and status = 'OPEN'"
                : "select count(*) from risk_warning where county_code like ? and status = 'OPEN'";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, areaCode.length() == 6 ? areaCode : areaCode + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** @return false when the warning was no longer open */
    boolean acknowledge(long id, String person, String handlerId, String note, OffsetDateTime at) throws SQLException {
        return database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare("""
                    update risk_warning set status = ?, acknowledged_by = ?, acknowledged_handler = ?,
                        acknowledged_at = ?, note = ?
                    where id = ? and status = ?""")) {
                s.setString(1, ACKNOWLEDGED);
                s.setString(2, person);
                s.setString(3, handlerId);
                s.setObject(4, at);
                s.setString(5, note);
                s.setLong(6, id);
                s.setString(7, OPEN);
                return s.executeUpdate() == 1;
            }
        });
    }

    private List<RiskWarning> select(String where, List<Object> args, String order, int limit) throws SQLException {
        Map<Long, RiskWarning> warnings = new LinkedHashMap<>();
        try (Connection c = database.connection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    select w.id, w.rule_id, w.rule_name, coalesce(w.subject_label, w.subject), w.county_code,
                        w.township_code, w.raised_at, w.status, w.acknowledged_by, w.acknowledged_at, w.note
                    from risk_warning w where %s order by %s fetch first %d rows only""".formatted(where, order, Math.min(limit, 1_000_000)))) {
                int i = 1;
                for (Object arg : args) {
                    s.setObject(i++, arg);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        warnings.put(id, new RiskWarning(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), GatewayTime.inZone(rs.getObject(7, OffsetDateTime.class)),
                                List.of(), rs.getString(8), rs.getString(9),
                                GatewayTime.inZone(rs.getObject(10, OffsetDateTime.class)), rs.getString(11)));
                    }
                }
            }
            if (warnings.isEmpty()) {
                return List.of();
            }
            Map<Long, List<String>> evidence = new LinkedHashMap<>();
            List<Long> ids = new ArrayList<>(warnings.keySet());
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                try (PreparedStatement s = c.prepareStatement("""
                        select warning_id, dispute_id from risk_warning_evidence where warning_id in (%s)
                        order by warning_id, added_at, dispute_id""".formatted(placeholders(chunk.size())))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setLong(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            evidence.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            List<RiskWarning> out = new ArrayList<>(warnings.size());
            for (RiskWarning w : warnings.values()) {
                out.add(new RiskWarning(w.id(), w.ruleId(), w.ruleName(), w.subject(), w.countyCode(), w.townshipCode(),
                        w.raisedAt(), evidence.getOrDefault(w.id(), List.of()), w.status(), w.acknowledgedBy(),
                        w.acknowledgedAt(), w.note()));
            }
            return out;
        }
    }

    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
