package org.fengqiao.gateway.statistics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.fengqiao.gateway.ledger.UnitOfWork;

/**
 * {@code statistics_month} (V19): the facts added up per cell (county, township, category, source,
 * current handler, month of receipt), so that the whole months of a range read the cells and only the
 * partial months at its ends read the facts. {@link FactsCatchUp} keeps it in the transaction that
 * makes the facts: a dispute's facts made again take the old row's {@link Tally} out of its cell and
 * put the new one in, so a dispute resolved, evaluated, reopened or handed to another handler after
 * its month was summed moves its contribution, and facts made again unchanged change nothing.
 */
final class MonthlySummary {

    static final String TABLE = "statistics_month";
    /** The key's columns, as in statistics_fact (where the county and the township may be null). */
    static final List<String> KEY = List.of("county_code", "received_month", "township_code", "category_code",
            "source_system", "handler_id");

    private MonthlySummary() {
    }

    /** One row of the summary. The county, city and township are '' where the dispute has none. */
    record Cell(String countyCode, String receivedMonth, String townshipCode, String categoryCode,
            String sourceSystem, String handlerId) {

        Cell {
            countyCode = countyCode == null ? "" : countyCode;
            townshipCode = townshipCode == null ? "" : townshipCode;
        }

        String cityCode() {
            return countyCode.length() < 4 ? "" : countyCode.substring(0, 4);
        }

        static Cell of(Facts f) {
            return new Cell(f.countyCode(), f.receivedMonth(), f.townshipCode(), f.categoryCode(), f.sourceSystem(),
                    f.handlerId());
        }

        /** The cell of a statistics_fact row read with {@link #FACT_COLUMNS}. */
        static Cell read(ResultSet rs) throws SQLException {
            return new Cell(rs.getString("county_code"), rs.getString("received_month"),
                    rs.getString("township_code"), rs.getString("category_code"), rs.getString("source_system"),
                    rs.getString("handler_id"));
        }
    }

    private static final Comparator<Cell> ORDER = Comparator.comparing(Cell::countyCode)
            .thenComparing(Cell::receivedMonth).thenComparing(Cell::townshipCode).thenComparing(Cell::categoryCode)
            .thenComparing(Cell::sourceSystem).thenComparing(Cell::handlerId);

    /** The columns of a statistics_fact row that its contribution is made from. */
    static final String FACT_COLUMNS = String.join(", ", KEY) + ", "
            + String.join(", ", Tally.COUNTS.subList(1, Tally.COUNTS.size())) + ", handling_hours";

    /** The contribution of a statistics_fact row read with {@link #FACT_COLUMNS}. */
    static Tally contribution(ResultSet rs) throws SQLException {
        Tally t = new Tally();
        t.counts[Tally.RECEIVED] = 1;
        for (int i = 1; i < Tally.COUNTS.size(); i++) {
            t.counts[i] = rs.getLong(Tally.COUNTS.get(i));
        }
        double hours = rs.getDouble("handling_hours");
        if (!rs.wasNull()) {
            t.handlingSeconds = Tally.seconds(hours);
            t.hours[Tally.bucket(hours)] = 1;
        }
        return t;
    }

    /**
     * Adds each cell's change: an update of the cell's row, or its insert where it has none yet.
     * Changes that are all zero (facts made again as they were) write nothing.
     */
    static void apply(UnitOfWork work, Map<Cell, Tally> changes) throws SQLException {
        // In the key's order, so that two writers (a lease taken over mid-round) lock cells in one order.
        List<Map.Entry<Cell, Tally>> changed = changes.entrySet().stream().filter(e -> !e.getValue().isZero())
                .sorted(Map.Entry.comparingByKey(ORDER)).toList();
        if (changed.isEmpty()) {
            return;
        }
        List<String> values = values();
        String set = values.stream().map(c -> c + " = " + c + " + ?").collect(Collectors.joining(", "));
        String where = KEY.stream().map(c -> c + " = ?").collect(Collectors.joining(" and "));
        int[] updated;
        try (PreparedStatement s = work.prepare("update " + TABLE + " set " + set + " where " + where)) {
            for (Map.Entry<Cell, Tally> e : changed) {
                int i = bindValues(s, 1, e.getValue());
                bindKey(s, i, e.getKey());
                s.addBatch();
            }
            updated = s.executeBatch();
        }
        List<Map.Entry<Cell, Tally>> fresh = new ArrayList<>();
        for (int i = 0; i < changed.size(); i++) {
            if (updated[i] == 0) {
                fresh.add(changed.get(i));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(values);
        columns.addAll(KEY);
        columns.add("city_code");
        try (PreparedStatement s = work.prepare("insert into " + TABLE + " (" + String.join(", ", columns)
                + ") values (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")")) {
            for (Map.Entry<Cell, Tally> e : fresh) {
                int i = bindValues(s, 1, e.getValue());
                i = bindKey(s, i, e.getKey());
                s.setString(i, e.getKey().cityCode());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The summed columns, in the order {@link #bindValues} binds them. */
    private static List<String> values() {
        List<String> columns = new ArrayList<>(Tally.COUNTS);
        columns.add("handling_seconds");
        columns.addAll(Tally.BUCKET_COLUMNS);
        return columns;
    }

    private static int bindValues(PreparedStatement s, int from, Tally t) throws SQLException {
        int i = from;
        for (long n : t.counts) {
            s.setLong(i++, n);
        }
        s.setLong(i++, t.handlingSeconds);
        for (long n : t.hours) {
            s.setLong(i++, n);
        }
        return i;
    }

    private static int bindKey(PreparedStatement s, int from, Cell cell) throws SQLException {
        int i = from;
        for (String v : List.of(cell.countyCode(), cell.receivedMonth(), cell.townshipCode(), cell.categoryCode(),
                cell.sourceSystem(), cell.handlerId())) {
            s.setString(i++, v);
        }
        return i;
    }

    /** When the summary was last made whole from the facts; null while it has to be (V19, or cleared). */
    static OffsetDateTime madeAt(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select caught_up_at from statistics_watermark where name = 'summary'");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
        }
    }

    /**
     * Makes the summary from the facts, in one transaction with the catch-up's facts unchanged meanwhile
     * (the catch-up itself calls it), if it is not made: on a ledger that had facts before V19, and
     * when the row 'summary' of statistics_watermark has been cleared (a bulk load of facts does so).
     * The marker row is locked first, so a clearing that commits meanwhile is made again next time.
     * @return how many cells were made, or -1 where it was made already
     */
    static int makeIfNeeded(UnitOfWork work, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "select caught_up_at from statistics_watermark where name = 'summary' for update");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next() || rs.getObject(1, OffsetDateTime.class) != null) {
                return -1;
            }
        }
        try (PreparedStatement s = work.prepare("delete from " + TABLE)) {
            s.executeUpdate();
        }
        List<String> columns = new ArrayList<>(values());
        columns.addAll(KEY);
        columns.add("city_code");
        StringBuilder select = new StringBuilder("count(*)");
        for (String c : Tally.COUNTS.subList(1, Tally.COUNTS.size())) {
            select.append(", sum(").append(c).append(')');
        }
        select.append(", coalesce(sum(cast(round(handling_hours * 3600) as bigint)), 0)");
        for (int b = 0; b < Tally.BUCKETS; b++) {
            select.append(", sum(case when bucket = ").append(b).append(" then 1 else 0 end)");
        }
        select.append(", county_code, received_month, township_code, category_code, source_system, handler_id,"
                + " city_code");
        int cells;
        try (PreparedStatement s = work.prepare("insert into " + TABLE + " (" + String.join(", ", columns) + ") "
                + "select " + select + " from (select coalesce(county_code, '') as county_code, received_month,"
                + " coalesce(township_code, '') as township_code, category_code, source_system, handler_id,"
                + " coalesce(city_code, '') as city_code, " + String.join(", ", Tally.COUNTS.subList(1,
                        Tally.COUNTS.size()))
                + ", handling_hours, " + Tally.bucketSql("handling_hours") + " as bucket from statistics_fact) f"
                + " group by " + String.join(", ", KEY) + ", city_code")) {
            cells = s.executeUpdate();
        }
        try (PreparedStatement s = work.prepare(
                "update statistics_watermark set caught_up_at = ? where name = 'summary'")) {
            s.setObject(1, now);
            s.executeUpdate();
        }
        return cells;
    }
}
