package org.fengqiao.gateway.backfill;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.problem.FieldViolation;

/**
 * What a historical record says beside the source's own payload: when the source received it, who
 * handled it, and, once it was closed, when, with what outcome and evaluation (docs/backfill.md).
 * The same names in every export: the fields of a JSON line's {@code history} object, the attributes
 * of an XML record's {@code <History>}.
 */
record History(OffsetDateTime receivedAt, String handlerId, OffsetDateTime signedAt, OffsetDateTime closedAt,
        ResolutionOutcome outcome, String result, Evaluation evaluation, OffsetDateTime evaluatedAt) {

    /** The source's evaluation after its return visit, where it has one. */
    enum Evaluation {
        SATISFIED, BASICALLY_SATISFIED, DISSATISFIED;

        boolean satisfied() {
            return this != DISSATISFIED;
        }
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int LONGEST_RESULT = 2000;

    /** The history of one record; what is wrong with it goes to {@code violations}, named history.&lt;field&gt;. */
    static History parse(Map<String, String> fields, OffsetDateTime now, List<FieldViolation> violations) {
        Map<String, String> f = fields == null ? Map.of() : fields;
        OffsetDateTime received = time(f, "receivedAt", violations);
        if (received == null && present(f, "receivedAt") == null) {
            violations.add(new FieldViolation("history.receivedAt", "is required"));
        }
        OffsetDateTime signed = time(f, "signedAt", violations);
        OffsetDateTime closed = time(f, "closedAt", violations);
        OffsetDateTime evaluated = time(f, "evaluatedAt", violations);
        ResolutionOutcome outcome = choice(f, "outcome", ResolutionOutcome.class, violations);
        Evaluation evaluation = choice(f, "evaluation", Evaluation.class, violations);
        String result = present(f, "result");
        if (result != null && result.length() > LONGEST_RESULT) {
            violations.add(new FieldViolation("history.result", "longer than " + LONGEST_RESULT + " characters"));
        }
        if (received != null) {
            if (received.isAfter(now)) {
                violations.add(new FieldViolation("history.receivedAt", "in the future"));
            }
            before(received, signed, "history.signedAt", violations);
            before(received, closed, "history.closedAt", violations);
        }
        if (closed != null) {
            if (closed.isAfter(now)) {
                violations.add(new FieldViolation("history.closedAt", "in the future"));
            }
            before(closed, evaluated, "history.evaluatedAt", violations);
        } else if (outcome != null || evaluation != null) {
            violations.add(new FieldViolation("history.closedAt", "required with an outcome or an evaluation"));
        }
        return new History(received, present(f, "handlerId"), signed, closed, outcome, result, evaluation,
                evaluated);
    }

    private static void before(OffsetDateTime earlier, OffsetDateTime later, String field,
            List<FieldViolation> violations) {
        if (later != null && later.isBefore(earlier)) {
            violations.add(new FieldViolation(field, "before " + (field.endsWith("evaluatedAt")
                    ? "history.closedAt" : "history.receivedAt")));
        }
    }

    private static String present(Map<String, String> f, String name) {
        String v = f.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** ISO-8601 with an offset, or yyyy-MM-dd HH:mm:ss in Asia/Shanghai as the sources write it. */
    private static OffsetDateTime time(Map<String, String> f, String name, List<FieldViolation> violations) {
        String v = present(f, name);
        if (v == null) {
            return null;
        }
        try {
            return v.indexOf('T') > 0 ? GatewayTime.inZone(OffsetDateTime.parse(v))
                    : LocalDateTime.parse(v, LOCAL).atZone(GatewayTime.ZONE).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            violations.add(new FieldViolation("history." + name,
                    "not a time (yyyy-MM-dd HH:mm:ss, or ISO-8601 with an offset)"));
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(Map<String, String> f, String name, Class<E> type,
            List<FieldViolation> violations) {
        String v = present(f, name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation("history." + name, "one of " + java.util.Arrays.toString(
                    type.getEnumConstants())));
            return null;
        }
    }
}
