package org.fengqiao.gateway.problem;

import java.util.List;

/** The caller did not prove who it is (missing, forged, expired or replayed credentials). */
public class UnauthorizedException extends RuntimeException implements Localized {

    private final RefusalReason reason;
    private final Text text;
    private final List<FieldViolation> violations;

    public UnauthorizedException(String message) {
        this(RefusalReason.UNKNOWN_CREDENTIAL, message);
    }

    /** {@code message} is the problem's detail: it never quotes what the caller sent. */
    public UnauthorizedException(RefusalReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.text = null;
        this.violations = List.of();
    }

    public UnauthorizedException(RefusalReason reason, Text text) {
        this(reason, text, List.of());
    }

    /** {@code violations}: the credential headers that are missing or empty, by name. */
    public UnauthorizedException(RefusalReason reason, Text text, List<FieldViolation> violations) {
        super(text.english(), null, false, false);
        this.reason = reason;
        this.text = text;
        this.violations = List.copyOf(violations);
    }

    public RefusalReason reason() {
        return reason;
    }

    @Override
    public Text text() {
        return text;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
