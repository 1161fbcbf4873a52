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
     * Which disputes: the list's filters, the same for a page of the list and for an export.
     * {@code countyCode} null: every county (the city's bodies). Each other null or blank field does
     * not filter. {@code receivedFrom} inclusive, {@code receivedBefore} exclusive.
     */
    public record Filter(String countyCode, String townshipCode, String categoryCode, String sourceSystem,
            DisputeStatus status, boolean overdue, OffsetDateTime receivedFrom, OffsetDateTime receivedBefore,
            String partyIdNumber, String sourceRecordId, String disputeId, String partyName, String partyPhone,
            String addressText, RiskMark riskMark) {
    }

    /** A search term given but unusable as given: it finds nothing, and the page says why. */
    public enum Unsearchable {
        ID_NUMBER, PHONE, NAME, ADDRESS
    }

    /** One line: the inbox's fields, who holds it, the source's own number for it and its risk marks. */
    public record Row(InboxItem item, String handlerId, String sourceRecordId, Set<RiskMark> marks) {
    }

    /**
     * A page of the list. {@code total} is exact up to {@link #COUNT_LIMIT}; {@code capped} says there
     * are more than that.
     */
    public record Page(long total, boolean capped, int page, int size, List<Row> rows,
            Set<Unsearchable> unsearchable) {
    }

    /**
     * How far the list counts: an exact count of a county's whole ledger reads every one of its
     * entries at each page, and nobody reads past "more than ten thousand" anyway.
     */
    public static final int COUNT_LIMIT = 10_000;

    /** Where the next batch starts: after this dispute in the list's order (newest first). */
    public record After(OffsetDateTime receivedAt, String disputeId) {
    }

    /**
     * A batch of the list read by key (no offset to skip through, so the last batch of a long export
     * costs what the first does); {@code next} is empty once the ledger has no more.
     */
    public record Batch(List<Row> rows, Optional<After> next) {
    }

    /** An extension request that waits for the centre: of which dispute, by whom, how many days, why. */
    public record WaitingExtension(long id, String disputeId, String title, String handlerId, int days,
            String reason, OffsetDateTime requestedAt, OffsetDateTime dueAt) {
    }

    private static final String COLUMNS = """
            select d.dispute_id, d.status, d.source_system, d.category_code, d.urgency, d.title,
            d.township_code, d.received_at, d.due_at, d.co_handler_ids, d.county_code, d.handler_id,
            d.source_record_id
            from dispute d""";
    private static final String NEWEST_FIRST = " order by d.received_at desc, d.dispute_id desc";

    @Inject
    LedgerDatabase database;
    @Inject
    PartyFieldCipher documents;
    @Inject
    SearchKeys searchKeys;

    /** One page of the list ({@code page} from 0), with the number of disputes the filter matches. */
    public Page find(Filter filter, int page, int size, StaffCaller caller, String cityCode, OffsetDateTime now)
            throws SQLException {
        Set<Unsearchable> unsearchable = EnumSet.noneOf(Unsearchable.class);
        Optional<Where> where = where(filter, now, unsearchable);
        if (where.isEmpty()) {
            return new Page(0, false, page, size, List.of(), unsearchable);
        }
        try (Connection c = database.connection()) {
            long total = count(c, where.get(), COUNT_LIMIT + 1);
            List<Row> rows = new ArrayList<>();
            read(c, COLUMNS + where.get().sql() + NEWEST_FIRST
                    + " offset %d rows fetch next %d rows only".formatted((long) page * size, size),
                    where.get().params(), caller, cityCode, rows);
            return new Page(Math.min(total, COUNT_LIMIT), total > COUNT_LIMIT, page, size, rows, unsearchable);
        }
    }

    /** How many disputes the filter matches, exactly (an export's check against its cap). */
    public long count(Filter filter, OffsetDateTime now) throws SQLException {
        Optional<Where> where = where(filter, now, EnumSet.noneOf(Unsearchable.class));
        if (where.isEmpty()) {
            return 0;
        }
        try (Connection c = database.connection()) {
            return count(c, where.get(), 0);
        }
    }

    /**
     * The next {@code size} disputes the filter matches after {@code after} (null: from the newest),
     * in the list's order. Pass the same {@code now} for every batch of one export, so that 仅超期
     * means the same from its first row to its last.
     */
    public Batch batch(Filter filter, After after, int size, StaffCaller caller, String cityCode,
            OffsetDateTime now) throws SQLException {
        Optional<Where> matching = where(filter, now, EnumSet.noneOf(Unsearchable.class));
        if (matching.isEmpty()) {
            return new Batch(List.of(), Optional.empty());
        }
        Where where = matching.get();
        if (after != null) {
            where = where.and("(d.received_at < ? or (d.received_at = ? and d.dispute_id < ?))",
                    after.receivedAt(), after.receivedAt(), after.disputeId());
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = database.connection()) {
            Read read = read(c, COLUMNS + where.sql() + NEWEST_FIRST + " fetch next %d rows only".formatted(size),
                    where.params(), caller, cityCode, rows);
            // A batch shorter than asked was the last; rows the caller may not see count as read.
            return new Batch(rows, read.rows() < size ? Optional.empty() : Optional.of(read.last()));
        }
    }

    /** A WHERE clause and its parameters, in order. */
    private record Where(String sql, List<Object> params) {

        Where and(String condition, Object... values) {
            List<Object> all = new ArrayList<>(params);
            all.addAll(List.of(values));
            return new Where(sql + " and " + condition, all);
        }
    }

    /**
     * The filter as SQL; empty when it can match nothing (a search term that could not have been keyed,
     * each noted in {@code unsearchable}).
     */
    private Optional<Where> where(Filter q, OffsetDateTime now, Set<Unsearchable> unsearchable) {
        Where where = new Where(" where 1 = 1", List.of());
        if (q.countyCode() != null) {
            where = where.and("d.county_code = ?", q.countyCode());
        }
        where = equal(where, "d.township_code", q.townshipCode());
        where = equal(where, "d.category_code", q.categoryCode());
        where = equal(where, "d.source_system", q.sourceSystem());
        where = equal(where, "d.source_record_id", q.sourceRecordId());
        where = equal(where, "d.dispute_id", q.disputeId());
        if (q.status() != null) {
            where = where.and("d.status = ?", q.status().name());
        }
        if (q.overdue()) {
            List<Object> values = new ArrayList<>();
            values.add(now);
            OPEN.forEach(s -> values.add(s.name()));
            where = where.and("d.due_at < ? and d.status in ("
                    + String.join(", ", OPEN.stream().map(s -> "?").toList()) + ")", values.toArray());
        }
        if (q.receivedFrom() != null) {
            where = where.and("d.received_at >= ?", q.receivedFrom());
        }
        if (q.receivedBefore() != null) {
            where = where.and("d.received_at < ?", q.receivedBefore());
        }
        where = partyKey(where, SearchKeys.Kind.ID, q.partyIdNumber(), searchKeys::idNumber,
                Unsearchable.ID_NUMBER, unsearchable);
        where = partyKey(where, SearchKeys.Kind.PHONE, q.partyPhone(), searchKeys::phone, Unsearchable.PHONE,
                unsearchable);
        where = partyKey(where, SearchKeys.Kind.NAME, q.partyName(), searchKeys::name, Unsearchable.NAME,
                unsearchable);
        if (given(q.addressText())) {
            List<String> pairs = searchKeys.addressPairs(q.addressText());
            if (pairs.isEmpty()) {
                unsearchable.add(Unsearchable.ADDRESS);
            }
            for (String pair : pairs) {
                where = where.and("d.address_keys like ?", "% " + pair + " %");
            }
        }
        if (q.riskMark() != null) {
            where = where.and("d.dispute_id in (select m.dispute_id from dispute_risk_mark m where m.mark = ?)",
                    q.riskMark().name());
        }
        // Nothing was keyed on an unusable term, so nothing could match it.
        return unsearchable.isEmpty() ? Optional.of(where) : Optional.empty();
    }

    /** A party's key of this kind: the disputes keyed on it, or the term noted as unusable. */
    private static Where partyKey(Where where, SearchKeys.Kind kind, String term,
            Function<String, Optional<String>> keyOf, Unsearchable unusable, Set<Unsearchable> unsearchable) {
        if (!given(term)) {
            return where;
        }
        Optional<String> key = keyOf.apply(term);
        if (key.isEmpty()) {
            unsearchable.add(unusable);
            return where;
        }
        return where.and("d.dispute_id in (select k.dispute_id from dispute_search_key k"
                + " where k.kind = ? and k.key_hash = ?)", kind.name(), key.get());
    }

    private static boolean given(String term) {
        return term != null && !term.isBlank();
    }

    private static Where equal(Where where, String column, String value) {
        return value == null || value.isBlank() ? where : where.and(column + " = ?", value.trim());
    }

    /** {@code atMost}: stop counting there (0: count them all). */
    private static long count(Connection c, Where where, int atMost) throws SQLException {
        String matching = "select 1 from dispute d" + where.sql()
                + (atMost > 0 ? " fetch first " + atMost + " rows only" : "");
        try (PreparedStatement s = LedgerDatabase.plannedForItsValues(
                c.prepareStatement("select count(*) from (" + matching + ") x"))) {
            bind(s, where.params());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How many rows a query gave, shown or not, and the last of them (null: none). */
    private record Read(int rows, After last) {
    }

    /**
     * Reads the rows of {@link #COLUMNS} the caller may see into {@code rows}, titles as the
     * {@link Disclosure} rule shows them to it.
     */
    private Read read(Connection c, String sql, List<Object> params, StaffCaller caller, String cityCode,
            List<Row> rows) throws SQLException {
        int read = 0;
        After last = null;
        List<Row> shownRows = new ArrayList<>();
        try (PreparedStatement s = LedgerDatabase.plannedForItsValues(c.prepareStatement(sql))) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime receivedAt = rs.getObject(8, OffsetDateTime.class);
                    read++;
                    last = new After(receivedAt, rs.getString(1));
                    Disclosure shown = disclosure(caller, rs.getString(12), rs.getString(10), rs.getString(11),
                            cityCode);
                    if (!shown.shown()) {
                        continue;
                    }
                    String title = shown.text(documents.cipher().decrypt(rs.getString(6)));
                    shownRows.add(new Row(new InboxItem(rs.getString(1), DisputeStatus.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), title, rs.getString(7),
                            GatewayTime.inZone(receivedAt),
                            GatewayTime.inZone(rs.getObject(9, OffsetDateTime.class)), null),
                            rs.getString(12), rs.getString(13), EnumSet.noneOf(RiskMark.class)));
                }
            }
        }
        addMarks(c, shownRows);
        rows.addAll(shownRows);
        return new Read(read, last);
    }

    /** The risk marks of the rows read, in one query. */
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

    /** What the caller is shown of a dispute, from its row's holder, co-holders (comma-separated) and county. */
    private static Disclosure disclosure(StaffCaller caller, String holderId, String coHolderIds, String countyCode,
            String cityCode) {
        return Disclosure.of(caller, holderId,
                coHolderIds == null || coHolderIds.isBlank() ? List.of() : List.of(coHolderIds.split(",")),
                countyCode, cityCode);
    }

    private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            s.setObject(i + 1, params.get(i));
        }
    }

    /** A dispute that needs the county's attention: past its deadline and still open, or escalated. */
    public record Attention(Row row, boolean overdue, boolean escalated) {
    }

    /**
     * The county's disputes received in {@code [receivedFrom, receivedBefore)} that are open past their
     * deadline at {@code now}, or were escalated to the task force at some time (a history entry
     * ESCALATED: still so, or resolved by the task force since), oldest first; at most {@code limit}.
     * Titles shown by the {@link Disclosure} rule, as in the list.
     */
    public List<Attention> overdueOrEscalated(String countyCode, OffsetDateTime receivedFrom,
            OffsetDateTime receivedBefore, OffsetDateTime now, StaffCaller caller, String cityCode, int limit)
            throws SQLException {
        List<Object> params = new ArrayList<>(List.of(countyCode, receivedFrom, receivedBefore, now));
        OPEN.forEach(s -> params.add(s.name()));
        String open = String.join(", ", OPEN.stream().map(s -> "?").toList());
        String sql = COLUMNS + " where d.county_code = ? and d.received_at >= ? and d.received_at < ?"
                + " and ((d.due_at < ? and d.status in (" + open + ")) or exists (select 1 from dispute_history h"
                + " where h.dispute_id = d.dispute_id and h.event = 'ESCALATED'))"
                + " order by d.received_at asc, d.dispute_id asc fetch next %d rows only".formatted(limit);
        List<Row> rows = new ArrayList<>();
        Set<String> escalated = new java.util.HashSet<>();
        try (Connection c = database.connection()) {
            read(c, sql, params, caller, cityCode, rows);
            if (!rows.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("select distinct dispute_id from dispute_history"
                        + " where event = 'ESCALATED' and dispute_id in ("
                        + String.join(", ", Collections.nCopies(rows.size(), "?")) + ")")) {
                    for (int i = 0; i < rows.size(); i++) {
                        s.setString(i + 1, rows.get(i).item().disputeId());
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            escalated.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        List<Attention> attention = new ArrayList<>();
        for (Row r : rows) {
            InboxItem i = r.item();
            boolean overdue = i.dueAt() != null && i.dueAt().isBefore(now) && OPEN.contains(i.status());
            attention.add(new Attention(r, overdue, escalated.contains(i.disputeId())));
        }
        return attention;
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
                    Disclosure shown = disclosure(caller, rs.getString(9), rs.getString(10), rs.getString(11),
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
