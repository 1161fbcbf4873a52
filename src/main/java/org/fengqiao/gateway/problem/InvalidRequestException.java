package org.fengqiao.gateway.problem;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request breaks its contract; answered with 400 and every offending field, nothing stored. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super("invalid request: " + violations.stream().map(FieldViolation::field).distinct().toList());
        // Sorted by field so answers are stable whatever order the checks ran in; a field that failed
        // several checks (schema, then date parsing) is named once, with the first finding.
        Map<String, FieldViolation> byField = new LinkedHashMap<>();
        violations.forEach(v -> byField.putIfAbsent(v.field(), v));
        this.violations = byField.values().stream().sorted(Comparator.comparing(FieldViolation::field)).toList();
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public InvalidRequestException(String field, Text message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
