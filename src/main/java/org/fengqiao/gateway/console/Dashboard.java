package org.fengqiao.gateway.console;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateData;
import org.fengqiao.gateway.assessment.Measure;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.statistics.Breakdown;
import org.fengqiao.gateway.statistics.CountyStatistics;
import org.fengqiao.gateway.statistics.DeclineCounts;
import org.fengqiao.gateway.statistics.Declines;
import org.fengqiao.gateway.statistics.Definition;
import org.fengqiao.gateway.statistics.Figures;
import org.fengqiao.gateway.statistics.Overview;
import org.fengqiao.gateway.statistics.Row;
import org.fengqiao.gateway.statistics.StatisticsQuery;

/**
 * The centre's dashboard (统计看板) as the page shows it: the county statistics of the chosen range
 * with their definitions, the "three declines" of the range's last month, a ranking and a tile grid
 * of the townships by a chosen figure, and the data of the charts (drawn by ECharts in the browser).
 * Every number is rendered by the server; the charts only draw what the page already states.
 */
@ApplicationScoped
class Dashboard {

    /** The form: area (the city centre's county picker), date range, figure of the ranking and the tiles. */
    record Form(String county, String from, String to, String figure) {
    }

    @TemplateData
    record FigureRow(String key, String name, String value, String numerator, String denominator, String counted) {
    }

    @TemplateData
    record DeclineRow(String name, String current, String previous, String monthOnMonth, String lastYear,
            String yearOnYear) {
    }

    @TemplateData
    record Ranked(int rank, String code, String name, String value, String received) {
    }

    @TemplateData
    record Tile(String code, String name, String value, String level) {
    }

    /** {@code area}: the county or the city shown; {@code notes}: what was wrong with the form, in Chinese. */
    @TemplateData
    record View(String area, String areaName, boolean city, List<Worklist.Option> counties,
            List<Worklist.Option> reportCounties, LocalDate from,
            LocalDate to, List<Worklist.Option> figures, String figureName, String asOf, List<FigureRow> rows,
            String declineMonth, List<DeclineRow> declines, List<Ranked> ranking, List<Tile> tiles, String chartJson,
            String reportMonth, List<String> notes) {
    }

    @Inject
    CountyStatistics statistics;
    @Inject
    Gazetteer gazetteer;
    @Inject
    RoutingPolicy routing;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    /** The area a centre may look at: its county, or (the city's centre) the city or a county of it. */
    Optional<String> area(StaffCaller caller, String requested) {
        String city = routing.city();
        if (!caller.centre() || !caller.overseesArea(caller.overseenCounty(city).orElse(city), city)) {
            return Optional.empty();
        }
        Optional<String> county = caller.overseenCounty(city);
        if (county.isPresent()) {
            return county;
        }
        String r = requested == null ? "" : requested.trim();
        return Optional.of(!r.isEmpty() && gazetteer.county(r).isPresent() ? r : city);
    }

    View view(StaffCaller caller, String area, Form form) throws Exception {
        List<String> notes = new ArrayList<>();
        LocalDate today = GatewayTime.now(clock).toLocalDate();
        LocalDate from = date(form.from(), today.withDayOfYear(1), "开始日期", notes);
        LocalDate to = date(form.to(), today, "结束日期", notes);
        if (from.isAfter(to)) {
            notes.add("开始日期晚于结束日期，已改为本年至今。");
            from = today.withDayOfYear(1);
            to = today;
        }
        Measure chosen = form.figure() == null || form.figure().isBlank() ? Measure.RECEIVED
                : Measure.byKey(form.figure().trim()).orElseGet(() -> {
                    notes.add("没有指标 " + form.figure().trim() + "，已按接收数排列。");
                    return Measure.RECEIVED;
                });

        Overview byTownship = statistics.overview(new StatisticsQuery(area, from, to, Optional.of(Breakdown.TOWNSHIP)));
        Overview byCategory = statistics.overview(new StatisticsQuery(area, from, to, Optional.of(Breakdown.CATEGORY)));
        Overview bySource = statistics.overview(new StatisticsQuery(area, from, to, Optional.of(Breakdown.SOURCE)));
        Overview byMonth = statistics.overview(new StatisticsQuery(area, from, to, Optional.of(Breakdown.MONTH)));
        YearMonth declineMonth = YearMonth.from(to);
        Declines declines = statistics.declines(area, declineMonth);

        Map<String, Definition> definitions = new HashMap<>();
        for (Definition d : statistics.definitions()) {
            definitions.put(d.figure(), d);
        }
        List<FigureRow> rows = new ArrayList<>();
        for (Measure m : Measure.values()) {
            List<String> d = m.definition(definitions);
            rows.add(new FigureRow(m.key(), m.nameZh(), m.text(byTownship.total()), d.get(0), d.get(1), d.get(2)));
        }

        boolean city = area.equals(routing.city());
        List<Division> divisions = city ? gazetteer.townships() : gazetteer.townshipsOf(area);
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (Row r : byTownship.rows()) {
            figures.put(r.key(), r.figures());
        }

        List<Ranked> ranking = ranking(byTownship.rows(), chosen);
        List<Tile> tiles = tiles(divisions, figures, chosen);

        List<Worklist.Option> counties = new ArrayList<>();
        List<Worklist.Option> reportCounties = new ArrayList<>();
        if (caller.overseenCounty(routing.city()).isEmpty()) {
            counties.add(new Worklist.Option(routing.city(),
                    gazetteer.area().level() == Division.Level.PROVINCE ? "全省" : "全市", city));
            for (Division d : gazetteer.counties()) {
                counties.add(new Worklist.Option(d.code(), d.name(), d.code().equals(area)));
                reportCounties.add(new Worklist.Option(d.code(), d.name(), d.code().equals(area)));
            }
        }
        List<Worklist.Option> choices = new ArrayList<>();
        for (Measure m : Measure.values()) {
            choices.add(new Worklist.Option(m.key(), m.nameZh(), m == chosen));
        }
        String areaName = city ? gazetteer.area().name() : gazetteer.countyName(area).orElse(area);
        YearMonth reportMonth = YearMonth.from(today).minusMonths(1);
        return new View(area, areaName, city, counties, reportCounties, from, to, choices, chosen.nameZh(),
                Labels.time(byTownship.asOf()), rows, declineMonth.getYear() + "年" + declineMonth.getMonthValue() + "月",
                declineRows(declines), ranking, tiles, chartJson(byMonth, byCategory, bySource), reportMonth.toString(),
                notes);
    }

    /** The townships by the chosen figure, highest first; those without a value (a rate over 0) last. */
    static List<Ranked> ranking(List<Row> rows, Measure m) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> m.of(r.figures()) == null)
                .thenComparing(r -> value(m, r.figures()), Comparator.reverseOrder())
                .thenComparing(Row::key, Comparator.nullsLast(Comparator.naturalOrder())));
        List<Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Row r = sorted.get(i);
            ranked.add(new Ranked(i + 1, r.key(), r.label() == null || r.label().isBlank() ? "未定镇街" : r.label(),
                    m.text(r.figures()), Measure.RECEIVED.text(r.figures())));
        }
        return ranked;
    }

    /**
     * Each township of the area, coloured in six steps by the chosen figure: a rate by its own scale
     * (0 to 100%), a count or a time against the highest township, so the colours compare townships.
     */
    static List<Tile> tiles(List<Division> townships, Map<String, Figures> figures, Measure m) {
        double max = 0;
        for (Division d : townships) {
            Figures f = figures.get(d.code());
            max = Math.max(max, f == null ? 0 : value(m, f));
        }
        List<Tile> tiles = new ArrayList<>();
        for (Division d : townships) {
            Figures f = figures.get(d.code());
            Number n = f == null ? (m.kind() == Measure.Kind.COUNT ? 0L : null) : m.of(f);
            String level;
            if (n == null) {
                level = "none";
            } else {
                double share = m.kind() == Measure.Kind.RATE ? n.doubleValue() : max == 0 ? 0 : n.doubleValue() / max;
                level = Integer.toString((int) Math.round(Math.max(0, Math.min(1, share)) * 5));
            }
            tiles.add(new Tile(d.code(), d.name(), m.text(n), level));
        }
        return tiles;
    }

    private static double value(Measure m, Figures f) {
        Number n = m.of(f);
        return n == null ? 0 : n.doubleValue();
    }

    private static List<DeclineRow> declineRows(Declines d) {
        List<DeclineRow> rows = new ArrayList<>();
        rows.add(counts("信访件数", d.current().petitionItems(), d.previousMonth().petitionItems(),
                d.sameMonthLastYear().petitionItems()));
        rows.add(counts("重复信访", d.current().repeatPetitions(), d.previousMonth().repeatPetitions(),
                d.sameMonthLastYear().repeatPetitions()));
        rows.add(counts("矛盾纠纷数", d.current().disputes(), d.previousMonth().disputes(),
                d.sameMonthLastYear().disputes()));
        DeclineCounts c = d.current();
        rows.add(new DeclineRow("每万人纠纷数", per10k(c.disputesPer10k()), per10k(d.previousMonth().disputesPer10k()),
                change(c.disputesPer10k(), d.previousMonth().disputesPer10k()),
                per10k(d.sameMonthLastYear().disputesPer10k()),
                change(c.disputesPer10k(), d.sameMonthLastYear().disputesPer10k())));
        return rows;
    }

    private static DeclineRow counts(String name, long current, long previous, long lastYear) {
        return new DeclineRow(name, Long.toString(current), Long.toString(previous),
                change((double) current, (double) previous), Long.toString(lastYear),
                change((double) current, (double) lastYear));
    }

    private static String per10k(Double value) {
        return value == null ? "未配置人口" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** +12.5% or -3.0% against the base; none where the base is none or 0. */
    static String change(Double current, Double base) {
        if (current == null || base == null || base == 0) {
            return Measure.NONE;
        }
        return String.format(Locale.ROOT, "%+.1f%%", (current - base) / base * 100);
    }

    /** What the charts draw: received and resolved by month, received by category and by source. */
    private String chartJson(Overview byMonth, Overview byCategory, Overview bySource) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> months = new ArrayList<>();
        List<Long> received = new ArrayList<>();
        List<Long> resolved = new ArrayList<>();
        List<Row> monthRows = new ArrayList<>(byMonth.rows());
        monthRows.sort(Comparator.comparing(Row::key, Comparator.nullsLast(Comparator.naturalOrder())));
        for (Row r : monthRows) {
            months.add(r.label() == null || r.label().isBlank() ? r.key() : r.label());
            received.add(r.figures().received());
            resolved.add(r.figures().resolved());
        }
        data.put("months", months);
        data.put("received", received);
        data.put("resolved", resolved);
        data.put("categories", slices(byCategory));
        data.put("sources", slices(bySource));
        return json.writeValueAsString(data);
    }

    private static List<Map<String, Object>> slices(Overview overview) {
        List<Map<String, Object>> slices = new ArrayList<>();
        for (Row r : overview.rows()) {
            slices.add(Map.of("name", r.label() == null || r.label().isBlank() ? String.valueOf(r.key()) : r.label(),
                    "value", r.figures().received()));
        }
        return slices;
    }

    private static LocalDate date(String value, LocalDate fallback, String field, List<String> notes) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            notes.add(field + "须为 yyyy-MM-dd 格式的日期，已按默认日期统计。");
            return fallback;
        }
    }
}
