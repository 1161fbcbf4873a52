package org.fengqiao.gateway.intake.mapped;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.fengqiao.gateway.evaluation.Evaluation;
import org.fengqiao.gateway.evaluation.Evaluation.Satisfaction;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.intake.mapped.SourceDefinition.FieldType;
import org.fengqiao.gateway.intake.mapped.SourceDefinition.Kind;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.Text;

/**
 * The {@code evaluation:} section of a source definition: the source's own message after its return
 * visit (回访), its JSON Schema, and where the record id, the satisfaction, the comment and the time
 * of the visit are in it. Values are written in the mapping language of the definition's fields.
 */
final class EvaluationDefinition {

    static final String SECTION = "evaluation";
    private static final List<String> KEYS = List.of("schema", "recordId", "satisfaction", "comment", "evaluatedAt");
    private static final FieldType SATISFACTION = FieldType.choice(Satisfaction.values());

    private final Path schemaPath;
    private final PayloadSchema schema;
    private final ValueSpec recordId;
    private final ValueSpec satisfaction;
    private final ValueSpec comment;
    private final ValueSpec evaluatedAt;

    private EvaluationDefinition(Path schemaPath, PayloadSchema schema, ValueSpec recordId, ValueSpec satisfaction,
            ValueSpec comment, ValueSpec evaluatedAt) {
        this.schemaPath = schemaPath;
        this.schema = schema;
        this.recordId = recordId;
        this.satisfaction = satisfaction;
        this.comment = comment;
        this.evaluatedAt = evaluatedAt;
    }

    /** Null when the definition has no such section: the source does not evaluate. */
    static EvaluationDefinition parse(DefinitionReader in, JsonNode node, Path base,
            Function<Path, PayloadSchema> schemas) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw in.error(SECTION, "must be {schema, recordId, satisfaction, comment, evaluatedAt}");
        }
        in.allowKeys(SECTION, node, KEYS);
        JsonNode schemaNode = node.get("schema");
        if (schemaNode == null || !schemaNode.isTextual() || schemaNode.asText().isBlank()) {
            throw in.error(SECTION + ".schema", "is required (a text): the evaluation's JSON Schema, relative to config/");
        }
        Path schemaPath = base.resolve(schemaNode.asText().strip());
        PayloadSchema schema;
        try {
            schema = schemas.apply(schemaPath);
        } catch (RuntimeException e) {
            throw in.error(SECTION + ".schema", "cannot be used: " + e.getMessage());
        }
        ValueSpec recordId = required(in, node, "recordId", "the source's own id of the evaluated record");
        ValueSpec satisfaction = required(in, node, "satisfaction", "mapped to one of " + SATISFACTION.choices());
        SourceDefinition.checkSpec(in, SECTION + ".satisfaction", satisfaction, SATISFACTION);
        ValueSpec comment = node.has("comment") ? ValueSpec.read(in, SECTION + ".comment", node.get("comment"), false)
                : null;
        ValueSpec evaluatedAt = null;
        if (node.has("evaluatedAt")) {
            evaluatedAt = ValueSpec.read(in, SECTION + ".evaluatedAt", node.get("evaluatedAt"), true);
            SourceDefinition.checkSpec(in, SECTION + ".evaluatedAt", evaluatedAt, FieldType.of(Kind.DATE));
        }
        return new EvaluationDefinition(schemaPath, schema, recordId, satisfaction, comment, evaluatedAt);
    }

    private static ValueSpec required(DefinitionReader in, JsonNode node, String key, String what) {
        String path = SECTION + "." + key;
        if (!node.has(key)) {
            throw in.error(path, "is required: " + what);
        }
        ValueSpec spec = ValueSpec.read(in, path, node.get(key), false);
        if (spec.isConstant()) {
            throw in.error(path, "must point into the evaluation");
        }
        return spec;
    }

    Path schemaPath() {
        return schemaPath;
    }

    /**
     * Maps an evaluation, adding a violation named by the native field for everything it cannot map.
     * What the schema refuses is answered as the schema says: the values are read only from an
     * evaluation that passed it (times apart, whose impossible dates a pattern cannot see), so a
     * field is not named twice for one fault.
     */
    Evaluation map(String system, JsonNode payload, List<FieldViolation> violations) {
        violations.addAll(schema.validate(payload));
        OffsetDateTime at = evaluatedAt == null ? null
                : SourceDefinition.date(evaluatedAt, payload, SourceDefinition.nativeName(evaluatedAt), false, violations);
        if (!violations.isEmpty()) {
            return null;
        }
        String record = text(recordId, payload, violations);
        String satisfied = text(satisfaction, payload, violations);
        if (satisfied != null && !SATISFACTION.choices().contains(satisfied)) {
            violations.add(new FieldViolation(SourceDefinition.nativeName(satisfaction),
                    new Text("violation.one-of", SATISFACTION.choices())));
        }
        String remark = comment == null ? null : comment.text(payload, SourceDefinition.nativeName(comment), violations);
        if (!violations.isEmpty()) {
            return null;
        }
        return new Evaluation(system, record, Satisfaction.valueOf(satisfied), remark, at);
    }

    /** A required value: absent, it is a violation named by its native field (once: a map's refusal names it already). */
    private static String text(ValueSpec spec, JsonNode payload, List<FieldViolation> violations) {
        String field = SourceDefinition.nativeName(spec);
        int before = violations.size();
        String text = spec.text(payload, field, violations);
        if (text == null && violations.size() == before) {
            violations.add(new FieldViolation(field, new Text("violation.required")));
        }
        return text;
    }
}
