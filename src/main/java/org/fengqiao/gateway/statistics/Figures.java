package org.fengqiao.gateway.statistics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The counts of one set of disputes (a whole area or one row of a breakdown). Every count is of
 * disputes, not of events: a dispute returned twice counts once in {@code returned}. The
 * definitions, with numerator and denominator of each rate, are {@link CountyStatistics#definitions()}.
 */
public record Figures(long received, long dispatched, long signed, long signedOnTime, long resolved,
        long resolvedOnTime, long mediationConcluded, long mediatedSuccessfully, long returned,
        long extended, long overdueNow, long escalated, long reopened, long evaluated, long satisfied,
        Double averageHandlingHours, Double p90HandlingHours, long courtCases,
        long courtResolvedBeforeLitigation) {

    /** Signed within the signing deadline over signed (按时签收率). */
    @JsonProperty
    public Double signedOnTimeRate() {
        return rate(signedOnTime, signed);
    }

    /** Resolved by the due time (extensions included) over resolved (按期办结率). */
    @JsonProperty
    public Double resolvedOnTimeRate() {
        return rate(resolvedOnTime, resolved);
    }

    /** Mediated successfully over mediations concluded (调解成功率 / 化解率). */
    @JsonProperty
    public Double mediationSuccessRate() {
        return rate(mediatedSuccessfully, mediationConcluded);
    }

    /** Returned at least once over dispatched (退单率). */
    @JsonProperty
    public Double returnRate() {
        return rate(returned, dispatched);
    }

    /** Satisfied evaluations over evaluated disputes (满意率). */
    @JsonProperty
    public Double satisfactionRate() {
        return rate(satisfied, evaluated);
    }

    /** Court cases resolved before litigation over court cases concluded (诉前化解率). */
    @JsonProperty
    public Double preLitigationResolutionRate() {
        return rate(courtResolvedBeforeLitigation, courtCases);
    }

    static Double rate(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }
}
