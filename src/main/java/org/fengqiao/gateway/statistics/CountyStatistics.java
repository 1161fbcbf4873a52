package org.fengqiao.gateway.statistics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.CountyDisputes;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.HandlerDirectory;

/**
 * The county (and city) statistics, aggregated by the database: the whole months of a range from the
 * monthly summary ({@code statistics_month}), the days of a partial month at either end from the facts
 * ({@code statistics_fact}), both kept by {@link FactsCatchUp}, and added up as {@link Tally}s; "overdue
 * now" read live from the disputes. Who may read them is the caller's business (api.StatisticsApi, the
 * console): this answers any area of the city.
 */
@ApplicationScoped
public class CountyStatistics {

    /** How each figure is computed (the same as {@link #definitions()}), for the API documentation. */
    public static final List<Definition> DEFINITIONS = Definitions.ALL;

    /** The longest date range one query covers. */
    static final int MAX_DAYS = 3700;

    @Inject
    LedgerDatabase database;
    @Inject
    Gazetteer gazetteer;
    @Inject
    HandlerDirectory handlers;
    @Inject
    MappedSourceAdapter sources;
    @Inject
    StatisticsConfig config;
    @Inject
    Clock clock;

    public Overview overview(StatisticsQuery query) {
        Area area = area(query.areaCode(), "area");
        checkRange(query.from(), query.to());
        try (Connection c = database.connection()) {
            OffsetDateTime asOf = asOf(c);
            Summary summary = Summary.of(c);
            Breakdown by = query.by().orElse(null);
            Map<String, Tally> tallies = tallies(c, area, query.from(), query.to(), by, summary);
            Map<String, Long> overdue = overdue(c, area, query, by);
            if (by == null) {
                Tally total = tallies.getOrDefault("", new Tally());
                return new Overview(query, asOf, total.figures(overdue.getOrDefault("", 0L)), List.of());
            }
            Map<String, Tally> merged = new TreeMap<>(tallies);
            overdue.keySet().forEach(k -> merged.putIfAbsent(k, new Tally()));
            List<Row> rows = new ArrayList<>();
            Tally total = new Tally();
            long overdueTotal = 0;
            for (Map.Entry<String, Tally> e : merged.entrySet()) {
                long late = overdue.getOrDefault(e.getKey(), 0L);
                rows.add(new Row(e.getKey(), label(by, e.getKey(), area), e.getValue().figures(late)));
                total.add(e.getValue(), 1);
                overdueTotal += late;
            }
            // The rows add up to the total, its p90 too: the buckets add up where percentiles would not.
            return new Overview(query, asOf, total.figures(overdueTotal), rows);
        } catch (SQLException e) {
            throw new IllegalStateException("statistics not read", e);
        }
    }

    public Declines declines(String areaCode, YearMonth month) {
        Area area = area(areaCode, "area");
        if (month == null) {
            throw new InvalidRequestException("month", new Text("statistics.month"));
        }
        Long population = population(area);
        try (Connection c = database.connection()) {
            Summary summary = Summary.of(c);
            return new Declines(areaCode, month, declineCounts(c, area, month, population, summary),
                    declineCounts(c, area, month.minusMonths(1), population, summary),
                    declineCounts(c, area, month.minusYears(1), population, summary));
        } catch (SQLException e) {
            throw new IllegalStateException("statistics not read", e);
        }
    }

    public List<Definition> definitions() {
        return Definitions.ALL;
    }

    /**
     * A county of the region (its facts by county_code) or the region's area: its city (by city_code), or
     * the province of a province-wide deployment (by the province's two digits of city_code).
     */
    record Area(String code, String column, boolean city) {
    }

    Area area(String code, String field) {
        if (code != null && code.equals(gazetteer.areaCode())) {
            return new Area(code, code.length() == 2 ? "left(city_code, 2)" : "city_code", true);
        }
        if (code != null && code.matches("[0-9]{6}") && gazetteer.county(code).isPresent()) {
            return new Area(code, "county_code", false);
        }
        throw new InvalidRequestException(field, new Text("statistics.area", gazetteer.areaCode()));
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        List<FieldViolation> violations = new ArrayList<>();
        if (from == null) {
            violations.add(new FieldViolation("from", new Text("statistics.date")));
        }
        if (to == null) {
            violations.add(new FieldViolation("to", new Text("statistics.date")));
        }
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                violations.add(new FieldViolation("to", new Text("statistics.before-from")));
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                violations.add(new FieldViolation("to", new Text("statistics.span", MAX_DAYS)));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }

    private static String column(Breakdown by) {
        return switch (by) {
            case TOWNSHIP -> "township_code";
            case CATEGORY -> "category_code";
            case SOURCE -> "source_system";
            case HANDLER -> "handler_id";
            case MONTH -> "received_month";
        };
    }

    /**
     * Which summary a reader takes for whole months: none (the facts alone, until the catch-up has made
     * it), the cells of statistics_month, or the rows per breakdown where they follow the facts.
     */
    enum Summary {
        NONE, CELLS, PER_BREAKDOWN;

        static Summary of(Connection c) throws SQLException {
            if (MonthlySummary.madeAt(c) == null) {
                return NONE;
            }
            return MonthlySummary.followsFacts(c) ? PER_BREAKDOWN : CELLS;
        }
    }

    /**
     * The months of {@code from}..{@code to} that the range covers from their first to their last day;
     * empty when it covers none whole.
     */
    record WholeMonths(YearMonth first, YearMonth last) {

        static Optional<WholeMonths> of(LocalDate from, LocalDate to) {
            YearMonth first = from.getDayOfMonth() == 1 ? YearMonth.from(from) : YearMonth.from(from).plusMonths(1);
            YearMonth last = to.equals(YearMonth.from(to).atEndOfMonth()) ? YearMonth.from(to)
                    : YearMonth.from(to).minusMonths(1);
            return first.isAfter(last) ? Optional.empty() : Optional.of(new WholeMonths(first, last));
        }
    }

    /**
     * The tallies per key of the breakdown (the total under "" without one) of the disputes received
     * from {@code from} to {@code to}: the whole months from the summary where it is made, the days
     * before and after them from the facts. Keys whose disputes have all moved elsewhere are left out.
     */
    private static Map<String, Tally> tallies(Connection c, Area area, LocalDate from, LocalDate to, Breakdown by,
            Summary summary) throws SQLException {
        Map<String, Tally> out = new TreeMap<>();
        Optional<WholeMonths> whole = summary == Summary.NONE ? Optional.empty() : WholeMonths.of(from, to);
        if (whole.isEmpty()) {
            fromFacts(c, area, from, to, by, out);
        } else {
            LocalDate first = whole.get().first().atDay(1);
            LocalDate last = whole.get().last().atEndOfMonth();
            if (summary == Summary.PER_BREAKDOWN) {
                fromRowsPerBreakdown(c, area, whole.get(), by, out);
            } else {
                fromSummary(c, area, whole.get(), by, out);
            }
            if (from.isBefore(first)) {
                fromFacts(c, area, from, first.minusDays(1), by, out);
            }
            if (to.isAfter(last)) {
                fromFacts(c, area, last.plusDays(1), to, by, out);
            }
        }
        out.values().removeIf(t -> t.received() == 0);
        return out;
    }

    private static String key(Breakdown by) {
        return by == null ? "''" : column(by);
    }

    private static void fromSummary(Connection c, Area area, WholeMonths months, Breakdown by, Map<String, Tally> out)
            throws SQLException {
        String sql = "select " + key(by) + " as k, " + SUMS + " from " + MonthlySummary.TABLE + " where "
                + area.column() + " = ? and received_month >= ? and received_month <= ?"
                + (by == null ? "" : " group by " + column(by));
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, area.code());
            s.setString(2, months.first().toString());
            s.setString(3, months.last().toString());
            readSums(s, out);
        }
    }

    /**
     * The whole months from statistics_month_by: the breakdown's own rows, or for the totals and the
     * months the rows of {@link MonthlySummary#TOTALS_BY}, each dispute being in one of them.
     */
    private static void fromRowsPerBreakdown(Connection c, Area area, WholeMonths months, Breakdown by,
            Map<String, Tally> out) throws SQLException {
        Breakdown rows = by == null || by == Breakdown.MONTH ? MonthlySummary.TOTALS_BY : by;
        String key = by == null ? "''" : by == Breakdown.MONTH ? "received_month" : "breakdown_key";
        String sql = "select " + key + " as k, " + SUMS + " from " + MonthlySummary.BY_TABLE + " where "
                + area.column() + " = ? and received_month >= ? and received_month <= ? and breakdown = ?"
                + (by == null ? "" : " group by " + key);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, area.code());
            s.setString(2, months.first().toString());
            s.setString(3, months.last().toString());
            s.setString(4, rows.name());
            readSums(s, out);
        }
    }

    /** The summed columns of either summary, in the order {@link #readSums} reads them. */
    private static final String SUMS = Stream.of(Tally.COUNTS, List.of("handling_seconds"), Tally.BUCKET_COLUMNS)
            .flatMap(List::stream).map(column -> "sum(" + column + ")").collect(Collectors.joining(", "));

    private static void readSums(PreparedStatement s, Map<String, Tally> out) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Tally t = new Tally();
                int i = 2;
                for (int n = 0; n < t.counts.length; n++) {
                    t.counts[n] = rs.getLong(i++);
                }
                t.handlingSeconds = rs.getLong(i++);
                for (int b = 0; b < t.hours.length; b++) {
                    t.hours[b] = rs.getLong(i++);
                }
                out.computeIfAbsent(key(rs), k -> new Tally()).add(t, 1);
            }
        }
    }

    /** The facts' sums per key and bucket of handling time (unresolved disputes in no bucket). */
    private static void fromFacts(Connection c, Area area, LocalDate from, LocalDate to, Breakdown by,
            Map<String, Tally> out) throws SQLException {
        List<String> flags = Tally.COUNTS.subList(1, Tally.COUNTS.size());
        StringBuilder sql = new StringBuilder("select k, bucket, count(*)");
        for (String column : flags) {
            sql.append(", sum(").append(column).append(')');
        }
        sql.append(", sum(cast(round(handling_hours * 3600) as bigint)) from (select ").append(key(by))
                .append(" as k, ").append(Tally.bucketSql("handling_hours")).append(" as bucket, ")
                .append(String.join(", ", flags)).append(", handling_hours from statistics_fact where ")
                .append(area.column()).append(" = ? and received_on >= ? and received_on <= ?) f group by k, bucket");
        try (PreparedStatement s = LedgerDatabase.plannedForItsValues(c.prepareStatement(sql.toString()))) {
            s.setString(1, area.code());
            s.setObject(2, from);
            s.setObject(3, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Tally t = new Tally();
                    int i = 3;
                    for (int n = 0; n < t.counts.length; n++) {
                        t.counts[n] = rs.getLong(i++);
                    }
                    t.handlingSeconds = rs.getLong(i);
                    int bucket = rs.getInt(2);
                    if (!rs.wasNull()) {
                        t.hours[bucket] = t.counts[Tally.RECEIVED];
                    }
                    out.computeIfAbsent(key(rs), k -> new Tally()).add(t, 1);
                }
            }
        }
    }

    private static String key(ResultSet rs) throws SQLException {
        String key = rs.getString(1);
        return key == null ? "" : key;
    }

    /**
     * Disputes received in the range that are still someone's work and past their deadline now, per
     * key of the breakdown: from the disputes themselves (ix_dispute_county_status), not the facts.
     */
    private Map<String, Long> overdue(Connection c, Area area, StatisticsQuery q, Breakdown by) throws SQLException {
        List<String> open = CountyDisputes.OPEN.stream().map(DisputeStatus::name).sorted().toList();
        String key = by == null ? "''" : by == Breakdown.MONTH ? "received_at" : column(by);
        String areaTest = area.city() ? "county_code >= ? and county_code <= ?" : "county_code = ?";
        String sql = "select " + key + " as k, count(*) from dispute where " + areaTest + " and status in ("
                + String.join(", ", Collections.nCopies(open.size(), "?"))
                + ") and received_at >= ? and received_at < ? and due_at < ?" + (by == null ? "" : " group by " + key);
        Map<String, Long> out = new TreeMap<>();
        // Planned for each range: a generic plan of the county's open disputes reads them all.
        try (PreparedStatement s = LedgerDatabase.plannedForItsValues(c.prepareStatement(sql))) {
            int i = 1;
            if (area.city()) {
                s.setString(i++, area.code() + "00");
                s.setString(i++, area.code() + "99");
            } else {
                s.setString(i++, area.code());
            }
            for (String status : open) {
                s.setString(i++, status);
            }
            s.setObject(i++, q.from().atStartOfDay(GatewayTime.ZONE).toOffsetDateTime());
            s.setObject(i++, q.to().plusDays(1).atStartOfDay(GatewayTime.ZONE).toOffsetDateTime());
            s.setObject(i++, GatewayTime.now(clock));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String k;
                    if (by == Breakdown.MONTH) {
                        k = Facts.month(GatewayTime.inZone(rs.getObject(1, OffsetDateTime.class)).toLocalDate());
                    } else {
                        k = rs.getString(1) == null ? "" : rs.getString(1);
                    }
                    out.merge(k, rs.getLong(2), Long::sum);
                }
            }
        }
        return out;
    }

    private static OffsetDateTime asOf(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select caught_up_at from statistics_watermark where name = 'facts'");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? GatewayTime.inZone(rs.getObject(1, OffsetDateTime.class)) : null;
        }
    }

    /** A month's counts for the declines: the summary's cells of the month where it is made, else the facts. */
    private static DeclineCounts declineCounts(Connection c, Area area, YearMonth month, Long population,
            Summary summary) throws SQLException {
        String sql = switch (summary) {
            case NONE -> "select count(*), sum(petition), sum(repeat_petition) from statistics_fact where "
                    + area.column() + " = ? and received_on >= ? and received_on <= ?";
            case CELLS -> "select sum(received), sum(petition), sum(repeat_petition) from " + MonthlySummary.TABLE
                    + " where " + area.column() + " = ? and received_month = ?";
            case PER_BREAKDOWN -> "select sum(received), sum(petition), sum(repeat_petition) from "
                    + MonthlySummary.BY_TABLE + " where " + area.column() + " = ? and received_month = ?"
                    + " and breakdown = '" + MonthlySummary.TOTALS_BY.name() + "'";
        };
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, area.code());
            if (summary != Summary.NONE) {
                s.setString(2, month.toString());
            } else {
                s.setObject(2, month.atDay(1));
                s.setObject(3, month.atEndOfMonth());
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long disputes = rs.getLong(1);
                return new DeclineCounts(rs.getLong(2), rs.getLong(3), disputes,
                        population == null || population <= 0 ? null : disputes * 10_000.0 / population);
            }
        }
    }

    /** A county's configured population; a city's, the sum of its counties' (null if none is set). */
    Long population(Area area) {
        Map<String, Long> populations = config.population();
        if (!area.city()) {
            return populations.get(area.code());
        }
        long sum = 0;
        boolean any = false;
        for (Division county : gazetteer.counties()) {
            Long p = populations.get(county.code());
            if (p != null) {
                sum += p;
                any = true;
            }
        }
        return any ? sum : null;
    }

    private String label(Breakdown by, String key, Area area) {
        if (key.isEmpty()) {
            return by == Breakdown.TOWNSHIP ? "未定镇街" : "未定";
        }
        return switch (by) {
            case TOWNSHIP -> area.city() ? handlers.nameOf(key)
                    : gazetteer.township(key).map(Division::name).orElse(key);
            case CATEGORY -> category(key).map(Category::displayName).orElse(key);
            case SOURCE -> sources.displayName(key);
            case HANDLER -> handlers.nameOf(key);
            case MONTH -> key.substring(0, 4) + "年" + Integer.parseInt(key.substring(5)) + "月";
        };
    }

    private static Optional<Category> category(String code) {
        try {
            return Optional.of(Category.valueOf(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
