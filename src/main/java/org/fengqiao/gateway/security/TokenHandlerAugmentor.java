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
 * A bearer token from the identity provider (verified by smallrye-jwt: signature, issuer, expiry)
 * signs a person in: its claim {@code gateway.staff.handler-claim} names the handler they act for,
 * which must be a handler of the directory or {@code operator}; the person is the token's
 * {@code preferred_username}, else its subject. A token that names no such handler signs nobody in.
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
            return Uni.createFrom().failure(new AuthenticationFailedException("the token names no handler"));
        }
        Object preferred = jwt.getClaim(Claims.preferred_username.name());
        String person = preferred != null ? preferred.toString().replace("\"", "")
                : jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
        if (person == null || person.isBlank() || person.length() > StaffIdentity.MAX_PERSON_LENGTH) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token names no person"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addRole(HandlerCredentials.OPERATOR.equals(handler) ? "operator" : "handler")
                .addAttribute(StaffIdentity.HANDLER, handler)
                .addAttribute(StaffIdentity.PERSON, person)
                .build());
    }
}
