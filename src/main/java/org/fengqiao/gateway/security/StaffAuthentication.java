package org.fengqiao.gateway.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.fengqiao.gateway.problem.RefusalReason;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.problem.UnauthorizedException;

/**
 * The signed-in caller of the staff API (everything but the sources' endpoints, the published schemas
 * and the jurisdiction resolver), as the routes see it. Quarkus Security signed them in before the
 * route ({@link StaffSignIn}); this takes the identity platform-http hands over and puts the caller
 * (handler and person) on the exchange, for the routes to decide what it may see and do.
 */
@ApplicationScoped
public class StaffAuthentication {

    /** Far above a JWT with the claims an identity provider puts in. */
    static final int MAX_AUTHORIZATION_LENGTH = 8192;
    private static final List<String> PUBLIC = List.of("/api/v1/schemas/", "/api/v1/jurisdiction/");

    public static boolean isStaffPath(String path) {
        return path != null && path.startsWith("/api/v1/") && !path.startsWith(SourceAuthentication.SOURCES_PATH)
                && PUBLIC.stream().noneMatch(path::startsWith);
    }

    void check(Exchange exchange) {
        var message = exchange.getMessage();
        Object user = message.getHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER);
        // The credentials and the identity go no further than here (platform-http would copy headers
        // into the answer).
        message.removeHeader("Authorization");
        message.removeHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER);
        StaffCaller caller = user instanceof QuarkusHttpUser signedIn
                ? StaffIdentity.callerOf(signedIn.getSecurityIdentity()) : null;
        if (caller == null) {
            // StaffSignIn refuses before the route; this only guards a route reached some other way.
            throw new UnauthorizedException(RefusalReason.MISSING, new Text("staff.not-signed-in"));
        }
        exchange.setProperty(StaffCaller.PROPERTY, caller);
    }

    public static StaffCaller callerOf(Exchange exchange) {
        StaffCaller caller = exchange.getProperty(StaffCaller.PROPERTY, StaffCaller.class);
        if (caller == null) {
            throw new UnauthorizedException(RefusalReason.MISSING, new Text("staff.not-signed-in"));
        }
        return caller;
    }
}
