package org.fengqiao.gateway.problem;

import java.util.Locale;

/**
 * Why a caller was refused, from a fixed set: the {@code reason} tag of the refusal metric and of the
 * refusal log, so neither ever carries what a caller sent.
 */
public enum RefusalReason {
    /** No credential at all. */
    MISSING,
    /** A credential header that is not well formed (not a number, not hex, too long, given twice, ...). */
    MALFORMED,
    /** A well-formed credential nobody has: unknown source, API key, user or password, an invalid token. */
    UNKNOWN_CREDENTIAL,
    /** A signed request whose timestamp is outside the replay window. */
    EXPIRED,
    /** A signature that does not match the request. */
    BAD_SIGNATURE,
    /** A signed request already received. */
    REPLAY,
    /** An endpoint no source credential is configured for. */
    NOT_CONFIGURED,
    /** A valid caller that may not do this (403). */
    FORBIDDEN;

    /** The tag value: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
