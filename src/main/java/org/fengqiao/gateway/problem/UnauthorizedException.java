package org.fengqiao.gateway.problem;

/** The caller did not prove who it is (missing, forged, expired or replayed credentials). */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message, null, false, false);
    }
}
