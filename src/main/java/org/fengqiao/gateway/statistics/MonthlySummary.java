package org.fengqiao.gateway.statistics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.fengqiao.gateway.ledger.UnitOfWork;

/**
 * {@code statistics_month} (V19): the facts added up per cell (county, township, category, source,
 * current handler, month of receipt), so that the whole months of a range read the cells and only the
 * partial months at its ends read the facts. {@link FactsCatchUp} keeps it in the transaction that
 * makes the facts: a dispute's facts made again take the old row's {@link Tally} out of its cell and
 * put the new one in, so a dispute resolved, evaluated, reopened or handed to another handler after
 * its month was summed moves its contribution, and facts made again unchanged change nothing.
 *
 * <p>{@code statistics_month_by} (V23) holds the same sums once more per breakdown (a row per county,
 * month and township, category, source or handler), kept in the same transactions, so that a county's
 * year by any breakdown reads a row per key and month rather than every cell. It is read only while it
 * follows the catch-up's rounds ({@link #followsFacts}): an instance of an older version, which keeps
 * {@code statistics_month} alone, makes it fall behind until the catch-up makes it again from the cells
 * ({@link #followIfNeeded}).
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
            return MonthlySummary.cityCode(countyCode);
        }

        /** The values of {@link #KEY}, in its order. */
        List<String> key() {
            return List.of(countyCode, receivedMonth, townshipCode, categoryCode, sourceSystem, handlerId);
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

    /** The breakdowns {@code statistics_month_by} keeps, with the cell's column each is by. */
    static final Map<Breakdown, String> BY = new EnumMap<>(Map.of(Breakdown.TOWNSHIP, "township_code",
            Breakdown.CATEGORY, "category_code", Breakdown.SOURCE, "source_system", Breakdown.HANDLER, "handler_id"));
    static final String BY_TABLE = "statistics_month_by";
    /** The breakdown whose rows the totals and the months are read from: the fewest keys a month. */
    static final Breakdown TOTALS_BY = Breakdown.SOURCE;
    private static final List<String> BY_KEY = List.of("county_code", "received_month", "breakdown",
            "breakdown_key");

    /** One row of statistics_month_by. */
    private record ByRow(String countyCode, String receivedMonth, Breakdown breakdown, String key) {

        static final Comparator<ByRow> ORDER = Comparator.comparing(ByRow::countyCode)
                .thenComparing(ByRow::receivedMonth).thenComparing(ByRow::breakdown).thenComparing(ByRow::key);

        static ByRow of(Cell cell, Breakdown by) {
            String key = switch (by) {
                case TOWNSHIP -> cell.townshipCode();
                case CATEGORY -> cell.categoryCode();
                case SOURCE -> cell.sourceSystem();
                case HANDLER -> cell.handlerId();
                case MONTH -> throw new IllegalArgumentException("no rows by month");
            };
            return new ByRow(cell.countyCode(), cell.receivedMonth(), by, key);
        }

        /** The values of {@link #BY_KEY}, in its order. */
        List<String> values() {
            return List.of(countyCode, receivedMonth, breakdown.name(), key);
        }
    }

    /** The city of a county code ('' where there is no county). */
    private static String cityCode(String countyCode) {
        return countyCode.length() < 4 ? "" : countyCode.substring(0, 4);
    }

    /**
     * Adds each cell's change, and the same changes per breakdown: an update of each row, or its insert
     * where it has none yet. Changes that are all zero (facts made again as they were) write nothing.
     */
    static void apply(UnitOfWork work, Map<Cell, Tally> changes) throws SQLException {
        // In the key's order, so that two writers (a lease taken over mid-round) lock rows in one order.
        List<Map.Entry<Cell, Tally>> changed = changes.entrySet().stream().filter(e -> !e.getValue().isZero())
                .sorted(Map.Entry.comparingByKey(ORDER)).toList();
        if (changed.isEmpty()) {
            return;
        }
        add(work, TABLE, KEY, changed.stream()
                .map(e -> new Change(e.getKey().key(), e.getKey().cityCode(), e.getValue())).toList());
        Map<ByRow, Tally> byRows = new TreeMap<>(ByRow.ORDER);
        for (Map.Entry<Cell, Tally> e : changed) {
            for (Breakdown by : BY.keySet()) {
                byRows.computeIfAbsent(ByRow.of(e.getKey(), by), k -> new Tally()).add(e.getValue(), 1);
            }
        }
        add(work, BY_TABLE, BY_KEY, byRows.entrySet().stream().filter(e -> !e.getValue().isZero())
                .map(e -> new Change(e.getKey().values(), cityCode(e.getKey().countyCode()), e.getValue())).toList());
    }

    /** A row's key values (in the order of the table's key columns), its city and what it gains. */
    private record Change(List<String> key, String cityCode, Tally tally) {
    }

    private static void add(UnitOfWork work, String table, List<String> keyColumns, List<Change> changes)
            throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> values = values();
        String set = values.stream().map(c -> c + " = " + c + " + ?").collect(Collectors.joining(", "));
        String where = keyColumns.stream().map(c -> c + " = ?").collect(Collectors.joining(" and "));
        int[] updated;
        try (PreparedStatement s = work.prepare("update " + table + " set " + set + " where " + where)) {
            for (Change change : changes) {
                int i = bindValues(s, 1, change.tally());
                bindKey(s, i, change.key());
                s.addBatch();
            }
            updated = s.executeBatch();
        }
        List<Change> fresh = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (updated[i] == 0) {
                fresh.add(changes.get(i));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(values);
        columns.addAll(keyColumns);
        columns.add("city_code");
        try (PreparedStatement s = work.prepare("insert into " + table + " (" + String.join(", ", columns)
                + ") values (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")")) {
            for (Change change : fresh) {
                int i = bindValues(s, 1, change.tally());
                i = bindKey(s, i, change.key());
                s.setString(i, change.cityCode());
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

    private static int bindKey(PreparedStatement s, int from, List<String> key) throws SQLException {
        int i = from;
        for (String v : key) {
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
        makeByFromCells(work);
        return cells;
    }

    private static final String FOLLOWS = "select count(*) from statistics_watermark f"
            + " join statistics_watermark b on b.name = 'summary_by'"
            + " where f.name = 'facts' and b.caught_up_at is not distinct from f.caught_up_at";

    /**
     * Whether statistics_month_by has followed every round of the catch-up so far: its marker names the
     * facts' last round. Read in the reader's transaction, beside the sums it then reads.
     */
    static boolean followsFacts(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FOLLOWS); ResultSet rs = s.executeQuery()) {
            return rs.next() && rs.getLong(1) == 1;
        }
    }

    /**
     * Makes statistics_month_by again from statistics_month where it has not followed the facts' last
     * round (V23, or an older instance ran the catch-up meanwhile). The facts' marker is locked first:
     * a round of another instance that commits meanwhile moves it after this, and this is made again.
     * @return whether it was made
     */
    static boolean followIfNeeded(UnitOfWork work) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "select caught_up_at from statistics_watermark where name = 'facts' for update");
                ResultSet rs = s.executeQuery()) {
            rs.next();
        }
        try (PreparedStatement s = work.prepare(FOLLOWS); ResultSet rs = s.executeQuery()) {
            if (rs.next() && rs.getLong(1) == 1) {
                return false;
            }
        }
        makeByFromCells(work);
        return true;
    }

    /** statistics_month_by made from statistics_month, marked as following the facts' last round. */
    private static void makeByFromCells(UnitOfWork work) throws SQLException {
        try (PreparedStatement s = work.prepare("delete from " + BY_TABLE)) {
            s.executeUpdate();
        }
        List<String> values = values();
        String sums = values.stream().map(c -> "sum(" + c + ")").collect(Collectors.joining(", "));
        for (Map.Entry<Breakdown, String> by : BY.entrySet()) {
            try (PreparedStatement s = work.prepare("insert into " + BY_TABLE + " (" + String.join(", ", values)
                    + ", county_code, received_month, breakdown, breakdown_key, city_code) select " + sums
                    + ", county_code, received_month, ?, " + by.getValue() + ", city_code from " + TABLE
                    + " group by county_code, received_month, " + by.getValue() + ", city_code")) {
                s.setString(1, by.getKey().name());
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = work.prepare("update statistics_watermark set caught_up_at ="
                + " (select caught_up_at from statistics_watermark where name = 'facts') where name = 'summary_by'")) {
            s.executeUpdate();
        }
    }

    /**
     * In a round's closing transaction, before the facts' marker moves to {@code now}: statistics_month_by
     * moves with it where it followed the rounds so far.
     */
    static void followRound(UnitOfWork work, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = work.prepare("update statistics_watermark set caught_up_at = ?"
                + " where name = 'summary_by' and caught_up_at is not distinct from"
                + " (select caught_up_at from statistics_watermark where name = 'facts')")) {
            s.setObject(1, now);
            s.executeUpdate();
        }
    }
}
