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
 * The county (and city) statistics, aggregated by the database from {@code statistics_fact} (kept by
 * {@link FactsCatchUp}); "overdue now" read live from the disputes. Who may read them is the
 * caller's business (api.StatisticsApi, the console): this answers any area of the city.
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

    private static final String SUMS = """
            count(*), sum(dispatched), sum(signed), sum(signed_on_time), sum(resolved), sum(resolved_on_time),
            sum(mediation_concluded), sum(mediated), sum(returned), sum(extended), sum(escalated), sum(reopened),
            sum(evaluated), sum(satisfied), avg(handling_hours),
            percentile_cont(0.9) within group (order by handling_hours), sum(court_case), sum(court_pre_litigation)""";

    public Overview overview(StatisticsQuery query) {
        Area area = area(query.areaCode(), "area");
        checkRange(query.from(), query.to());
        try (Connection c = database.connection()) {
            OffsetDateTime asOf = asOf(c);
            List<Row> rows = new ArrayList<>();
            Figures total;
            if (query.by().isPresent()) {
                Breakdown by = query.by().get();
                Map<String, Figures> grouped = aggregate(c, area, query, by);
                Map<String, Long> overdue = overdue(c, area, query, by);
                Map<String, Figures> merged = new TreeMap<>(grouped);
                overdue.keySet().forEach(k -> merged.putIfAbsent(k, empty()));
                merged.forEach((key, figures) -> rows.add(new Row(key, label(by, key, area),
                        withOverdue(figures, overdue.getOrDefault(key, 0L)))));
                // The rows add up to the total; only the percentile needs the disputes again (the index alone).
                total = sum(rows.stream().map(Row::figures).toList(), p90(c, area, query));
            } else {
                total = aggregate(c, area, query, null).getOrDefault("", empty());
                total = withOverdue(total, overdue(c, area, query, null).getOrDefault("", 0L));
            }
            return new Overview(query, asOf, total, rows);
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
            return new Declines(areaCode, month, declineCounts(c, area, month, population),
                    declineCounts(c, area, month.minusMonths(1), population),
                    declineCounts(c, area, month.minusYears(1), population));
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

    /** Figures per key of the breakdown, or the total under "" without one. */
    private Map<String, Figures> aggregate(Connection c, Area area, StatisticsQuery q, Breakdown by)
            throws SQLException {
        String sql = by == null
                ? "select '' as k, " + SUMS + " from statistics_fact where " + area.column()
                        + " = ? and received_on >= ? and received_on <= ?"
                : "select " + column(by) + " as k, " + SUMS + " from statistics_fact where " + area.column()
                        + " = ? and received_on >= ? and received_on <= ? group by " + column(by);
        Map<String, Figures> out = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, area.code());
            s.setObject(2, q.from());
            s.setObject(3, q.to());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long received = rs.getLong(2);
                    if (received == 0) {
                        continue; // the total of no rows
                    }
                    String key = rs.getString(1) == null ? "" : rs.getString(1);
                    out.put(key, new Figures(received, rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), 0,
                            rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), nullable(rs, 16),
                            nullable(rs, 17), rs.getLong(18), rs.getLong(19)));
                }
            }
        }
        return out;
    }

    private static Double p90(Connection c, Area area, StatisticsQuery q) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select percentile_cont(0.9) within group (order by handling_hours)"
                + " from statistics_fact where " + area.column() + " = ? and received_on >= ? and received_on <= ?")) {
            s.setString(1, area.code());
            s.setObject(2, q.from());
            s.setObject(3, q.to());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? nullable(rs, 1) : null;
            }
        }
    }

    /** The total of a breakdown's rows: counts added, the average weighted by the resolved disputes. */
    private static Figures sum(List<Figures> rows, Double p90) {
        long[] n = new long[18];
        double hours = 0;
        for (Figures f : rows) {
            long[] v = { f.received(), f.dispatched(), f.signed(), f.signedOnTime(), f.resolved(), f.resolvedOnTime(),
                    f.mediationConcluded(), f.mediatedSuccessfully(), f.returned(), f.extended(), f.overdueNow(),
                    f.escalated(), f.reopened(), f.evaluated(), f.satisfied(), f.courtCases(),
                    f.courtResolvedBeforeLitigation() };
            for (int i = 0; i < v.length; i++) {
                n[i] += v[i];
            }
            if (f.averageHandlingHours() != null) {
                hours += f.averageHandlingHours() * f.resolved();
            }
        }
        return new Figures(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11], n[12], n[13],
                n[14], n[4] == 0 ? null : hours / n[4], p90, n[15], n[16]);
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
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
        try (PreparedStatement s = c.prepareStatement(sql)) {
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

    private DeclineCounts declineCounts(Connection c, Area area, YearMonth month, Long population)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*), sum(petition), sum(repeat_petition)"
                + " from statistics_fact where " + area.column() + " = ? and received_on >= ? and received_on <= ?")) {
            s.setString(1, area.code());
            s.setObject(2, month.atDay(1));
            s.setObject(3, month.atEndOfMonth());
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

    private static Figures empty() {
        return new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0);
    }

    private static Figures withOverdue(Figures f, long overdue) {
        return new Figures(f.received(), f.dispatched(), f.signed(), f.signedOnTime(), f.resolved(),
                f.resolvedOnTime(), f.mediationConcluded(), f.mediatedSuccessfully(), f.returned(), f.extended(),
                overdue, f.escalated(), f.reopened(), f.evaluated(), f.satisfied(), f.averageHandlingHours(),
                f.p90HandlingHours(), f.courtCases(), f.courtResolvedBeforeLitigation());
    }
}
