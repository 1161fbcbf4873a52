package org.fengqiao.gateway.problem;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One offending field of a rejected request: where it is (dotted path) and what is wrong with it.
 * {@code text}, when set, is the message in no language yet: the answer gives it in the client's.
 */
public record FieldViolation(String field, String message, @JsonIgnore Text text) {

    public FieldViolation(String field, String message) {
        this(field, message, null);
    }

    public FieldViolation(String field, Text text) {
        this(field, text.english(), text);
    }
}
