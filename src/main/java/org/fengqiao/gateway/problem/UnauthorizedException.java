package org.fengqiao.gateway.problem;

/** The caller did not prove who it is (missing, forged, expired or replayed credentials). */
public class UnauthorizedException extends RuntimeException {

    private final RefusalReason reason;

    public UnauthorizedException(String message) {
        this(RefusalReason.UNKNOWN_CREDENTIAL, message);
    }

    /** {@code message} is the problem's detail: it never quotes what the caller sent. */
    public UnauthorizedException(RefusalReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
