package org.fengqiao.gateway.problem;

import java.util.Comparator;
import java.util.List;

/** The request breaks its contract; answered with 400 and every offending field, nothing stored. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super("invalid request: " + violations.stream().map(FieldViolation::field).toList());
        // Sorted by field so answers are stable whatever order the checks ran in.
        this.violations = violations.stream().sorted(Comparator.comparing(FieldViolation::field)).toList();
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
