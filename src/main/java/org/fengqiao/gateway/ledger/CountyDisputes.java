package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.privacy.Disclosure;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * Every dispute of a county (of the city: all the ledger holds), as its centre and triage desk look
 * through them: filtered and paged in the SQL, found by a party's ID number, phone number or name and
 * by part of the address through their keyed hashes ({@link SearchKeys}), so nothing is decrypted to
 * search, and narrowed by a {@link RiskMark}. Titles are shown by the {@link Disclosure} rule, masked
 * to an overseer.
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
            String partyIdNumber, String sourceRecordId, String disputeId, String partyName, String partyPhone,
            String addressText, RiskMark riskMark, int page, int size) {
    }

    /** A search term given but unusable as given: it finds nothing, and the page says why. */
    public enum Unsearchable {
        ID_NUMBER, PHONE, NAME, ADDRESS
    }

    /** One line: the inbox's fields, who holds it and its risk marks. */
    public record Row(InboxItem item, String handlerId, Set<RiskMark> marks) {
    }

    public record Page(long total, int page, int size, List<Row> rows, Set<Unsearchable> unsearchable) {
    }

    /** An extension request that waits for the centre: of which dispute, by whom, how many days, why. */
    public record WaitingExtension(long id, String disputeId, String title, String handlerId, int days,
            String reason, OffsetDateTime requestedAt, OffsetDateTime dueAt) {
    }

    @Inject
    LedgerDatabase database;
    @Inject
    PartyFieldCipher documents;
    @Inject
    SearchKeys searchKeys;

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
        Set<Unsearchable> unsearchable = EnumSet.noneOf(Unsearchable.class);
        partyKey(where, params, SearchKeys.Kind.ID, q.partyIdNumber(), searchKeys::idNumber, Unsearchable.ID_NUMBER,
                unsearchable);
        partyKey(where, params, SearchKeys.Kind.PHONE, q.partyPhone(), searchKeys::phone, Unsearchable.PHONE,
                unsearchable);
        partyKey(where, params, SearchKeys.Kind.NAME, q.partyName(), searchKeys::name, Unsearchable.NAME,
                unsearchable);
        if (given(q.addressText())) {
            List<String> pairs = searchKeys.addressPairs(q.addressText());
            if (pairs.isEmpty()) {
                unsearchable.add(Unsearchable.ADDRESS);
            }
            for (String pair : pairs) {
                where.append(" and d.address_keys like ?");
                params.add("% " + pair + " %");
            }
        }
        if (q.riskMark() != null) {
            where.append(" and d.dispute_id in (select m.dispute_id from dispute_risk_mark m where m.mark = ?)");
            params.add(q.riskMark().name());
        }
        if (!unsearchable.isEmpty()) {
            // Nothing was keyed on such a term, so nothing could match it.
            return new Page(0, q.page(), q.size(), List.of(), unsearchable);
        }
        try (Connection c = database.connection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("select count(*) from dispute d" + where)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    select d.dispute_id, d.status, d.source_system, d.category_code, d.urgency, d.title,
                    d.township_code, d.received_at, d.due_at, d.co_handler_ids, d.county_code, d.handler_id
                    from dispute d%s order by d.received_at desc, d.dispute_id desc
                    offset %d rows fetch next %d rows only""".formatted(where, (long) q.page() * q.size(),
                    q.size()))) {
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
                                rs.getString(12), EnumSet.noneOf(RiskMark.class)));
                    }
                }
            }
            addMarks(c, rows);
            return new Page(total, q.page(), q.size(), rows, unsearchable);
        }
    }

    /** The risk marks of a page's disputes, in one query. */
    private static void addMarks(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Set<RiskMark>> marks = new HashMap<>();
        rows.forEach(r -> marks.put(r.item().disputeId(), r.marks()));
        try (PreparedStatement s = c.prepareStatement("select dispute_id, mark from dispute_risk_mark"
                + " where dispute_id in (" + String.join(", ", Collections.nCopies(rows.size(), "?")) + ")")) {
            for (int i = 0; i < rows.size(); i++) {
                s.setString(i + 1, rows.get(i).item().disputeId());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    marks.get(rs.getString(1)).add(RiskMark.valueOf(rs.getString(2)));
                }
            }
        }
    }

    /** A party's key of this kind: the disputes keyed on it, or the term noted as unusable. */
    private static void partyKey(StringBuilder where, List<Object> params, SearchKeys.Kind kind, String term,
            Function<String, Optional<String>> keyOf, Unsearchable unusable, Set<Unsearchable> unsearchable) {
        if (!given(term)) {
            return;
        }
        Optional<String> key = keyOf.apply(term);
        if (key.isEmpty()) {
            unsearchable.add(unusable);
            return;
        }
        where.append(" and d.dispute_id in (select k.dispute_id from dispute_search_key k"
                + " where k.kind = ? and k.key_hash = ?)");
        params.add(kind.name());
        params.add(key.get());
    }

    private static boolean given(String term) {
        return term != null && !term.isBlank();
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
