package org.fengqiao.gateway.security;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * What a staff sign-in adds to the Quarkus {@link SecurityIdentity}: the handler the person acts for
 * (a handler id, or {@code operator}) and the person, as attributes. The identity providers and the
 * augmentor set them; the routes read them through {@link StaffAuthentication#callerOf}.
 */
public final class StaffIdentity {

    /** Attribute: the handler id (or {@code operator}) the signed-in person acts for. */
    public static final String HANDLER = "gateway.handler";
    /** Attribute: the person, as recorded on the acts they do. */
    public static final String PERSON = "gateway.person";
    /** The column the person is recorded in holds this many characters. */
    static final int MAX_PERSON_LENGTH = 64;

    private StaffIdentity() {
    }

    /** The caller a sign-in stands for (the API's and the console's alike); null when it names no handler. */
    public static StaffCaller callerOf(SecurityIdentity identity) {
        String handler = identity.getAttribute(HANDLER);
        String person = identity.getAttribute(PERSON);
        return handler == null ? null : new StaffCaller(handler, person == null ? handler : person);
    }
}
