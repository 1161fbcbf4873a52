package org.fengqiao.gateway.problem;

/** The caller may not act on this resource (e.g. a handler that does not hold the dispute). */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
