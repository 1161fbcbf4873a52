package org.fengqiao.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.fengqiao.gateway.routing.HandlerDirectory;

/**
 * A token from the identity provider signs a person in: a bearer token on the API (verified by
 * smallrye-jwt: signature, issuer, expiry), or the ID token of the console's code flow (verified by
 * quarkus-oidc, {@link ConsoleTenant}). Its claim {@code gateway.staff.handler-claim} names the handler
 * they act for, which must be a handler of the directory or {@code operator}; the person is the
 * token's {@code preferred_username}, else its {@code name}, else its subject. A token that names no
 * such handler signs nobody in (caused by {@link NoHandler}).
 */
@ApplicationScoped
public class TokenHandlerAugmentor implements SecurityIdentityAugmentor {

    @Inject
    HandlerDirectory handlers;
    @ConfigProperty(name = "gateway.staff.handler-claim")
    String handlerClaim;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Object claim = jwt.getClaim(handlerClaim);
        String handler = claim == null ? null : claim.toString().replace("\"", "");
        if (handler == null || !(handlers.isKnown(handler) || HandlerCredentials.OPERATOR.equals(handler))) {
            return Uni.createFrom().failure(new AuthenticationFailedException(new NoHandler()));
        }
        String person = firstClaim(jwt, Claims.preferred_username.name(), "name", Claims.sub.name());
        if (person == null || person.isBlank() || person.length() > StaffIdentity.MAX_PERSON_LENGTH) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token names no person"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addRole(HandlerCredentials.OPERATOR.equals(handler) ? "operator" : "handler")
                .addAttribute(StaffIdentity.HANDLER, handler)
                .addAttribute(StaffIdentity.PERSON, person)
                .build());
    }

    private static String firstClaim(JsonWebToken jwt, String... names) {
        for (String name : names) {
            Object value = jwt.getClaim(name);
            if (value != null && !value.toString().isBlank()) {
                return value.toString().replace("\"", "");
            }
        }
        return jwt.getName();
    }

    /**
     * Why the sign-in failed (the cause of the AuthenticationFailedException, which is final): the
     * token names no handler of the directory, so the person has no one to act for here.
     */
    public static final class NoHandler extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoHandler() {
            super("the token names no handler");
        }
    }
}
