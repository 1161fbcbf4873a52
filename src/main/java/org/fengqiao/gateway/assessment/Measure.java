package org.fengqiao.gateway.assessment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.fengqiao.gateway.statistics.Definition;
import org.fengqiao.gateway.statistics.Figures;

/**
 * The figures of the county statistics as the dashboard and the assessment workbook show them, in
 * the order both show them: each named in Chinese, with its key in the statistics' definitions (the
 * {@link Figures} component or rate method of the same name), so the page and the workbook give one
 * figure one name and one definition.
 */
public enum Measure {
    RECEIVED("received", "接收", Kind.COUNT, Figures::received,
            null, Part.SELF),
    DISPATCHED("dispatched", "交办", Kind.COUNT, Figures::dispatched,
            null, Part.SELF),
    SIGNED("signed", "签收", Kind.COUNT, Figures::signed,
            null, Part.SELF),
    SIGNED_ON_TIME("signedOnTime", "按时签收", Kind.COUNT, Figures::signedOnTime,
            "signedOnTimeRate", Part.NUMERATOR),
    SIGNED_ON_TIME_RATE("signedOnTimeRate", "按时签收率", Kind.RATE, Figures::signedOnTimeRate,
            null, Part.SELF),
    RESOLVED("resolved", "办结", Kind.COUNT, Figures::resolved,
            null, Part.SELF),
    RESOLVED_ON_TIME("resolvedOnTime", "按期办结", Kind.COUNT, Figures::resolvedOnTime,
            "resolvedOnTimeRate", Part.NUMERATOR),
    RESOLVED_ON_TIME_RATE("resolvedOnTimeRate", "按期办结率", Kind.RATE, Figures::resolvedOnTimeRate,
            null, Part.SELF),
    MEDIATION_CONCLUDED("mediationConcluded", "调解结案", Kind.COUNT, Figures::mediationConcluded,
            "mediationSuccessRate", Part.DENOMINATOR),
    MEDIATED_SUCCESSFULLY("mediatedSuccessfully", "调解成功", Kind.COUNT, Figures::mediatedSuccessfully,
            "mediationSuccessRate", Part.NUMERATOR),
    MEDIATION_SUCCESS_RATE("mediationSuccessRate", "调解成功率", Kind.RATE, Figures::mediationSuccessRate,
            null, Part.SELF),
    RETURNED("returned", "退单", Kind.COUNT, Figures::returned,
            "returnRate", Part.NUMERATOR),
    RETURN_RATE("returnRate", "退单率", Kind.RATE, Figures::returnRate,
            null, Part.SELF),
    EXTENDED("extended", "延期", Kind.COUNT, Figures::extended,
            null, Part.SELF),
    OVERDUE_NOW("overdueNow", "当前超期", Kind.COUNT, Figures::overdueNow,
            null, Part.SELF),
    ESCALATED("escalated", "提级专班", Kind.COUNT, Figures::escalated,
            null, Part.SELF),
    REOPENED("reopened", "不满意重办", Kind.COUNT, Figures::reopened,
            null, Part.SELF),
    EVALUATED("evaluated", "已评价", Kind.COUNT, Figures::evaluated,
            "satisfactionRate", Part.DENOMINATOR),
    SATISFIED("satisfied", "满意", Kind.COUNT, Figures::satisfied,
            "satisfactionRate", Part.NUMERATOR),
    SATISFACTION_RATE("satisfactionRate", "满意率", Kind.RATE, Figures::satisfactionRate,
            null, Part.SELF),
    AVERAGE_HANDLING_HOURS("averageHandlingHours", "平均办理时长（小时）", Kind.HOURS, Figures::averageHandlingHours,
            null, Part.SELF),
    P90_HANDLING_HOURS("p90HandlingHours", "90% 办理时长（小时）", Kind.HOURS, Figures::p90HandlingHours,
            null, Part.SELF),
    COURT_CASES("courtCases", "法院诉前调解", Kind.COUNT, Figures::courtCases,
            "preLitigationResolutionRate", Part.DENOMINATOR),
    COURT_RESOLVED("courtResolvedBeforeLitigation", "诉前化解", Kind.COUNT, Figures::courtResolvedBeforeLitigation,
            "preLitigationResolutionRate", Part.NUMERATOR),
    PRE_LITIGATION_RATE("preLitigationResolutionRate", "诉前化解率", Kind.RATE, Figures::preLitigationResolutionRate,
            null, Part.SELF);

    /** How a value reads: a count of disputes, a rate in [0, 1] shown as a percentage, or hours. */
    public enum Kind {
        COUNT, RATE, HOURS
    }

    /**
     * Which part of a definition of the statistics defines a figure: its own, or for a count that is
     * the numerator or denominator of a rate, that part of the rate's definition.
     */
    public enum Part {
        SELF, NUMERATOR, DENOMINATOR
    }

    /** Shown where a rate's denominator (or a time's set of disputes) is empty: there is no value, not 0. */
    public static final String NONE = "—";

    private final String key;
    private final String nameZh;
    private final Kind kind;
    private final Function<Figures, Number> value;
    private final String definedBy;
    private final Part part;

    Measure(String key, String nameZh, Kind kind, Function<Figures, Number> value, String definedBy, Part part) {
        this.key = key;
        this.nameZh = nameZh;
        this.kind = kind;
        this.value = value;
        this.definedBy = definedBy == null ? key : definedBy;
        this.part = part;
    }

    /**
     * What the figure counts, as three texts (分子, 分母, 计入口径), from the statistics' definitions
     * by figure name; a count defined as part of a rate reads that part, with no denominator of its own.
     * Empty texts where the statistics define nothing for it.
     */
    public List<String> definition(Map<String, Definition> all) {
        Definition d = all.get(definedBy);
        if (d == null) {
            return List.of("", "", "");
        }
        return switch (part) {
            case SELF -> List.of(nz(d.numerator()), nz(d.denominator()), nz(d.counted()));
            case NUMERATOR -> List.of(nz(d.numerator()), NONE, nz(d.counted()));
            case DENOMINATOR -> List.of(nz(d.denominator()), NONE, nz(d.counted()));
        };
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    /** The figure's name in the statistics (and in a link's {@code figure=}). */
    public String key() {
        return key;
    }

    public String nameZh() {
        return nameZh;
    }

    public Kind kind() {
        return kind;
    }

    /** The value, null where it has none (a rate over 0 disputes). */
    public Number of(Figures figures) {
        return value.apply(figures);
    }

    /** As a person reads it: 12, 66.7%, 30.5, or {@link #NONE}. */
    public String text(Figures figures) {
        return text(of(figures));
    }

    public String text(Number n) {
        if (n == null) {
            return NONE;
        }
        return switch (kind) {
            case COUNT -> Long.toString(n.longValue());
            case RATE -> String.format(Locale.ROOT, "%.1f%%", n.doubleValue() * 100);
            case HOURS -> String.format(Locale.ROOT, "%.1f", n.doubleValue());
        };
    }

    public static Optional<Measure> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }
}
