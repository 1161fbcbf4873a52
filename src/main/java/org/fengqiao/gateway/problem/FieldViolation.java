package org.fengqiao.gateway.problem;

/** One offending field of a rejected request: where it is (dotted path) and what is wrong with it. */
public record FieldViolation(String field, String message) {
}
