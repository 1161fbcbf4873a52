package org.fengqiao.gateway.evaluation;

import java.time.OffsetDateTime;

/** A citizen's satisfaction, as a source reports it after its return visit (回访). */
public record Evaluation(String sourceSystem, String recordId, Satisfaction satisfaction, String comment,
        OffsetDateTime visitedAt) {

    public enum Satisfaction {
        SATISFIED, BASICALLY_SATISFIED, DISSATISFIED
    }
}
