package org.fengqiao.gateway.intake.hotline;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.evaluation.Evaluation;
import org.fengqiao.gateway.evaluation.Evaluation.Satisfaction;
import org.fengqiao.gateway.intake.JsonPayloads;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.SourceDates;
import org.fengqiao.gateway.intake.Texts;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;

/**
 * The hotline's evaluation after its return visit (docs/contracts.md §12345 hotline), in the
 * hotline's field names.
 */
@ApplicationScoped
@Named("hotlineEvaluations")
public class HotlineEvaluationAdapter {

    /** The hotline's system id, as its definition (config/sources/HOTLINE_12345.yaml) names it. */
    static final String SYSTEM = "HOTLINE_12345";

    private final ObjectMapper json;
    private final PayloadSchema schema;

    @Inject
    public HotlineEvaluationAdapter(ObjectMapper json) {
        this.json = json;
        this.schema = PayloadSchema.fromClasspath("schemas/sources/hotline-evaluation.json", json);
    }

    public Evaluation toEvaluation(String body) {
        JsonNode visit = JsonPayloads.parseObject(json, body);
        List<FieldViolation> violations = new ArrayList<>(schema.validate(visit));
        OffsetDateTime visitedAt = SourceDates.localDateTime(visit, "hfsj", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        Satisfaction satisfaction = switch (Texts.text(visit, "myd")) {
            case "满意" -> Satisfaction.SATISFIED;
            case "基本满意" -> Satisfaction.BASICALLY_SATISFIED;
            default -> Satisfaction.DISSATISFIED;
        };
        return new Evaluation(SYSTEM, Texts.text(visit, "gdbh"), satisfaction,
                Texts.text(visit, "hfnr"), visitedAt);
    }
}
