package org.fengqiao.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.fengqiao.gateway.problem.UnauthorizedException;

/**
 * Authenticates staff on the API (everything but the sources' endpoints, the published schemas and
 * the jurisdiction resolver): HTTP Basic with a handler id (or {@code operator}) and its password.
 * The caller is put on the exchange for the routes to decide what it may see and do.
 */
@ApplicationScoped
public class StaffAuthentication {

    private static final List<String> PUBLIC = List.of("/api/v1/schemas/", "/api/v1/jurisdiction/");

    @Inject
    HandlerCredentials credentials;

    public static boolean isStaffPath(String path) {
        return path != null && path.startsWith("/api/v1/") && !path.startsWith(SourceAuthentication.SOURCES_PATH)
                && PUBLIC.stream().noneMatch(path::startsWith);
    }

    void check(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new UnauthorizedException("staff sign in with HTTP Basic: a handler id (or operator) and its password");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("the Authorization header is not valid Basic");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !credentials.verify(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            throw new UnauthorizedException("unknown user or wrong password");
        }
        exchange.setProperty(StaffCaller.PROPERTY, new StaffCaller(decoded.substring(0, colon)));
        // The credentials go no further than here.
        exchange.getMessage().removeHeader("Authorization");
    }

    public static StaffCaller callerOf(Exchange exchange) {
        StaffCaller caller = exchange.getProperty(StaffCaller.PROPERTY, StaffCaller.class);
        if (caller == null) {
            throw new UnauthorizedException("not signed in");
        }
        return caller;
    }
}
