package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.privacy.Disclosure;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.fengqiao.gateway.security.StaffCaller;
import org.postgresql.PGStatement;

/**
 * Every dispute of a county (of the city: all the ledger holds), as its centre and triage desk look
 * through them: filtered and paged in the SQL, and found by a party's ID number through its keyed
 * hash ({@link PartyKeys}), so nothing is decrypted to search. Titles are shown by the
 * {@link Disclosure} rule, masked to an overseer.
 */
@ApplicationScoped
public class CountyDisputes {

    /** Statuses in which a dispute is still someone's work: past its deadline there, it is overdue. */
    public static final Set<DisputeStatus> OPEN = EnumSet.of(DisputeStatus.RECEIVED, DisputeStatus.DISPATCHED,
            DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS, DisputeStatus.RETURNED, DisputeStatus.ESCALATED,
            DisputeStatus.REOPENED);

    /**
     * What to list. {@code countyCode} null: every county (the city's bodies). Each other null or blank
     * field does not filter. {@code receivedFrom} inclusive, {@code receivedBefore} exclusive.
     */
    public record Query(String countyCode, String townshipCode, String categoryCode, String sourceSystem,
            DisputeStatus status, boolean overdue, OffsetDateTime receivedFrom, OffsetDateTime receivedBefore,
            String partyIdNumber, String sourceRecordId, String disputeId, int page, int size) {
    }

    /** One line: the inbox's fields and who holds it. */
    public record Row(InboxItem item, String handlerId) {
    }

    /**
     * A page of the list. {@code total} is exact up to {@link #COUNT_LIMIT}; {@code capped} says there
     * are more than that.
     */
    public record Page(long total, boolean capped, int page, int size, List<Row> rows) {
    }

    /**
     * How far the list counts: an exact count of a county's whole ledger reads every one of its
     * entries at each page, and nobody reads past "more than ten thousand" anyway.
     */
    public static final int COUNT_LIMIT = 10_000;

    /** An extension request that waits for the centre: of which dispute, by whom, how many days, why. */
    public record WaitingExtension(long id, String disputeId, String title, String handlerId, int days,
            String reason, OffsetDateTime requestedAt, OffsetDateTime dueAt) {
    }

    @Inject
    LedgerDatabase database;
    @Inject
    PartyFieldCipher documents;
    @Inject
    PartyKeys partyKeys;

    public Page find(Query q, StaffCaller caller, String cityCode, OffsetDateTime now) throws SQLException {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.countyCode() != null) {
            where.append(" and d.county_code = ?");
            params.add(q.countyCode());
        }
        filter(where, params, "d.township_code", q.townshipCode());
        filter(where, params, "d.category_code", q.categoryCode());
        filter(where, params, "d.source_system", q.sourceSystem());
        filter(where, params, "d.source_record_id", q.sourceRecordId());
        filter(where, params, "d.dispute_id", q.disputeId());
        if (q.status() != null) {
            where.append(" and d.status = ?");
            params.add(q.status().name());
        }
        if (q.overdue()) {
            where.append(" and d.due_at < ? and d.status in (")
                    .append(String.join(", ", OPEN.stream().map(s -> "?").toList())).append(")");
            params.add(now);
            OPEN.forEach(s -> params.add(s.name()));
        }
        if (q.receivedFrom() != null) {
            where.append(" and d.received_at >= ?");
            params.add(q.receivedFrom());
        }
        if (q.receivedBefore() != null) {
            where.append(" and d.received_at < ?");
            params.add(q.receivedBefore());
        }
        Optional<String> key = keyOf(q.partyIdNumber());
        if (q.partyIdNumber() != null && !q.partyIdNumber().isBlank()) {
            if (key.isEmpty()) {
                // Too short to be an ID number: no party was keyed on it.
                return new Page(0, false, q.page(), q.size(), List.of());
            }
            where.append(" and d.dispute_id in (select k.dispute_id from dispute_party_key k where k.key_hash = ?)");
            params.add(key.get());
        }
        try (Connection c = database.connection()) {
            long total;
            try (PreparedStatement s = plannedForItsValues(c.prepareStatement("select count(*) from (select 1"
                    + " from dispute d" + where + " fetch first " + (COUNT_LIMIT + 1) + " rows only) x"))) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = plannedForItsValues(c.prepareStatement("""
                    select d.dispute_id, d.status, d.source_system, d.category_code, d.urgency, d.title,
                    d.township_code, d.received_at, d.due_at, d.co_handler_ids, d.county_code, d.handler_id
                    from dispute d%s order by d.received_at desc, d.dispute_id desc
                    offset %d rows fetch next %d rows only""".formatted(where, (long) q.page() * q.size(),
                    q.size())))) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String co = rs.getString(10);
                        Disclosure shown = Disclosure.of(caller, rs.getString(12),
                                co == null || co.isBlank() ? List.of() : List.of(co.split(",")), rs.getString(11),
                                cityCode);
                        if (!shown.shown()) {
                            continue;
                        }
                        String title = shown.text(documents.cipher().decrypt(rs.getString(6)));
                        rows.add(new Row(new InboxItem(rs.getString(1), DisputeStatus.valueOf(rs.getString(2)),
                                rs.getString(3), rs.getString(4), rs.getString(5), title, rs.getString(7),
                                GatewayTime.inZone(rs.getObject(8, OffsetDateTime.class)),
                                GatewayTime.inZone(rs.getObject(9, OffsetDateTime.class)), null),
                                rs.getString(12)));
                    }
                }
            }
            return new Page(Math.min(total, COUNT_LIMIT), total > COUNT_LIMIT, q.page(), q.size(), rows);
        }
    }

    /**
     * Has PostgreSQL plan the statement for the values of each request. One statement text serves a
     * filter that matches most of a county and one that matches a handful; after five executions the
     * driver would prepare it on the server, whose plan for any values can walk the whole county
     * newest first to find the handful. Nothing to do on H2.
     */
    private static PreparedStatement plannedForItsValues(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return statement;
    }

    private Optional<String> keyOf(String idNumber) {
        if (idNumber == null || idNumber.isBlank()) {
            return Optional.empty();
        }
        return partyKeys.keyOf(idNumber);
    }

    private static void filter(StringBuilder where, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" and ").append(column).append(" = ?");
            params.add(value.trim());
        }
    }

    private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    /**
     * The extension requests of the county's disputes that wait for a decision ({@code countyCode}
     * null: the city's), oldest first; at most {@code limit}. Titles shown by the {@link Disclosure}
     * rule; reasons were masked when recorded.
     */
    public List<WaitingExtension> waitingExtensions(String countyCode, StaffCaller caller, String cityCode, int limit)
            throws SQLException {
        String sql = """
                select e.id, e.dispute_id, d.title, e.handler_id, e.days, e.reason, e.requested_at, d.due_at,
                d.handler_id, d.co_handler_ids, d.county_code
                from extension_request e join dispute d on d.dispute_id = e.dispute_id
                where e.decision is null%s order by e.requested_at asc, e.id asc fetch next %d rows only"""
                .formatted(countyCode == null ? "" : " and d.county_code = ?", limit);
        List<WaitingExtension> waiting = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (countyCode != null) {
                s.setString(1, countyCode);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String co = rs.getString(10);
                    Disclosure shown = Disclosure.of(caller, rs.getString(9),
                            co == null || co.isBlank() ? List.of() : List.of(co.split(",")), rs.getString(11),
                            cityCode);
                    if (!shown.shown()) {
                        continue;
                    }
                    waiting.add(new WaitingExtension(rs.getLong(1), rs.getString(2),
                            shown.text(documents.cipher().decrypt(rs.getString(3))), rs.getString(4), rs.getInt(5),
                            rs.getString(6), GatewayTime.inZone(rs.getObject(7, OffsetDateTime.class)),
                            GatewayTime.inZone(rs.getObject(8, OffsetDateTime.class))));
                }
            }
        }
        return waiting;
    }
}
