package org.fengqiao.gateway.assessment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.fengqiao.gateway.statistics.Figures;

/**
 * The figures of the county statistics as the dashboard and the assessment workbook show them, in
 * the order both show them: each named in Chinese, with its key in the statistics' definitions (the
 * {@link Figures} component or rate method of the same name), so the page and the workbook give one
 * figure one name and one definition.
 */
public enum Measure {
    RECEIVED("received", "接收", Kind.COUNT, Figures::received),
    DISPATCHED("dispatched", "交办", Kind.COUNT, Figures::dispatched),
    SIGNED("signed", "签收", Kind.COUNT, Figures::signed),
    SIGNED_ON_TIME("signedOnTime", "按时签收", Kind.COUNT, Figures::signedOnTime),
    SIGNED_ON_TIME_RATE("signedOnTimeRate", "按时签收率", Kind.RATE, Figures::signedOnTimeRate),
    RESOLVED("resolved", "办结", Kind.COUNT, Figures::resolved),
    RESOLVED_ON_TIME("resolvedOnTime", "按期办结", Kind.COUNT, Figures::resolvedOnTime),
    RESOLVED_ON_TIME_RATE("resolvedOnTimeRate", "按期办结率", Kind.RATE, Figures::resolvedOnTimeRate),
    MEDIATION_CONCLUDED("mediationConcluded", "调解结案", Kind.COUNT, Figures::mediationConcluded),
    MEDIATED_SUCCESSFULLY("mediatedSuccessfully", "调解成功", Kind.COUNT, Figures::mediatedSuccessfully),
    MEDIATION_SUCCESS_RATE("mediationSuccessRate", "调解成功率", Kind.RATE, Figures::mediationSuccessRate),
    RETURNED("returned", "退单", Kind.COUNT, Figures::returned),
    RETURN_RATE("returnRate", "退单率", Kind.RATE, Figures::returnRate),
    EXTENDED("extended", "延期", Kind.COUNT, Figures::extended),
    OVERDUE_NOW("overdueNow", "当前超期", Kind.COUNT, Figures::overdueNow),
    ESCALATED("escalated", "提级专班", Kind.COUNT, Figures::escalated),
    REOPENED("reopened", "不满意重办", Kind.COUNT, Figures::reopened),
    EVALUATED("evaluated", "已评价", Kind.COUNT, Figures::evaluated),
    SATISFIED("satisfied", "满意", Kind.COUNT, Figures::satisfied),
    SATISFACTION_RATE("satisfactionRate", "满意率", Kind.RATE, Figures::satisfactionRate),
    AVERAGE_HANDLING_HOURS("averageHandlingHours", "平均办理时长（小时）", Kind.HOURS, Figures::averageHandlingHours),
    P90_HANDLING_HOURS("p90HandlingHours", "90% 办理时长（小时）", Kind.HOURS, Figures::p90HandlingHours),
    COURT_CASES("courtCases", "法院诉前调解", Kind.COUNT, Figures::courtCases),
    COURT_RESOLVED("courtResolvedBeforeLitigation", "诉前化解", Kind.COUNT, Figures::courtResolvedBeforeLitigation),
    PRE_LITIGATION_RATE("preLitigationResolutionRate", "诉前化解率", Kind.RATE, Figures::preLitigationResolutionRate);

    /** How a value reads: a count of disputes, a rate in [0, 1] shown as a percentage, or hours. */
    public enum Kind {
        COUNT, RATE, HOURS
    }

    /** Shown where a rate's denominator (or a time's set of disputes) is empty: there is no value, not 0. */
    public static final String NONE = "—";

    private final String key;
    private final String nameZh;
    private final Kind kind;
    private final Function<Figures, Number> value;

    Measure(String key, String nameZh, Kind kind, Function<Figures, Number> value) {
        this.key = key;
        this.nameZh = nameZh;
        this.kind = kind;
        this.value = value;
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
