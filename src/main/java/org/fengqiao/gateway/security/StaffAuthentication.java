package org.fengqiao.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.fengqiao.gateway.problem.RefusalReason;
import org.fengqiao.gateway.problem.UnauthorizedException;

/**
 * Authenticates staff on the API (everything but the sources' endpoints, the published schemas and
 * the jurisdiction resolver): a bearer JWT from the identity provider, whose claim
 * {@code gateway.staff.handler-claim} names the handler the person acts for (production); or HTTP
 * Basic with a handler id (or {@code operator}) and its password (the embedded default). The caller
 * is put on the exchange for the routes to decide what it may see and do.
 */
@ApplicationScoped
public class StaffAuthentication {

    /** Far above a JWT with the claims an identity provider puts in. */
    static final int MAX_AUTHORIZATION_LENGTH = 8192;
    private static final List<String> PUBLIC = List.of("/api/v1/schemas/", "/api/v1/jurisdiction/");

    @Inject
    HandlerCredentials credentials;
    @Inject
    io.smallrye.jwt.auth.principal.JWTParser jwtParser;
    @Inject
    org.fengqiao.gateway.routing.HandlerDirectory handlers;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "gateway.staff.basic-enabled")
    boolean basicEnabled;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "gateway.staff.handler-claim")
    String handlerClaim;

    public static boolean isStaffPath(String path) {
        return path != null && path.startsWith("/api/v1/") && !path.startsWith(SourceAuthentication.SOURCES_PATH)
                && PUBLIC.stream().noneMatch(path::startsWith);
    }

    void check(Exchange exchange) {
        String header = SourceAuthentication.credentialHeader(exchange.getMessage(), "Authorization",
                MAX_AUTHORIZATION_LENGTH);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.setProperty(StaffCaller.PROPERTY, new StaffCaller(fromToken(header.substring(7).trim())));
            exchange.getMessage().removeHeader("Authorization");
            return;
        }
        if (!basicEnabled) {
            throw new UnauthorizedException(header == null ? RefusalReason.MISSING : RefusalReason.MALFORMED,
                    "staff sign in with a bearer token from the identity provider");
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new UnauthorizedException(header == null ? RefusalReason.MISSING : RefusalReason.MALFORMED,
                    "staff sign in with HTTP Basic: a handler id (or operator) and its password");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException(RefusalReason.MALFORMED, "the Authorization header is not valid Basic");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new UnauthorizedException(RefusalReason.MALFORMED, "the Authorization header is not valid Basic");
        }
        if (!credentials.verify(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            throw new UnauthorizedException("unknown user or wrong password");
        }
        exchange.setProperty(StaffCaller.PROPERTY, new StaffCaller(decoded.substring(0, colon)));
        // The credentials go no further than here.
        exchange.getMessage().removeHeader("Authorization");
    }

    /** The handler a verified token (signature, issuer, expiry) acts for. */
    private String fromToken(String token) {
        org.eclipse.microprofile.jwt.JsonWebToken jwt;
        try {
            jwt = jwtParser.parse(token);
        } catch (io.smallrye.jwt.auth.principal.ParseException e) {
            throw new UnauthorizedException("the bearer token is not valid (signature, issuer or expiry)");
        }
        Object claim = jwt.getClaim(handlerClaim);
        String handler = claim == null ? null : claim.toString().replace("\"", "");
        if (handler == null || !(handlers.isKnown(handler) || HandlerCredentials.OPERATOR.equals(handler))) {
            throw new UnauthorizedException("the token names no handler (claim " + handlerClaim + ")");
        }
        return handler;
    }

    public static StaffCaller callerOf(Exchange exchange) {
        StaffCaller caller = exchange.getProperty(StaffCaller.PROPERTY, StaffCaller.class);
        if (caller == null) {
            throw new UnauthorizedException(RefusalReason.MISSING, "not signed in");
        }
        return caller;
    }
}
