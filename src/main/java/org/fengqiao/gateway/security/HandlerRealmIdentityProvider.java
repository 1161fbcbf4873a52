package org.fengqiao.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * HTTP Basic sign-in (Quarkus's Basic mechanism, {@code quarkus.http.auth.basic}) against the handler
 * realm: the user name is a handler id or {@code operator}, the password as {@link HandlerCredentials}
 * has it. The person is the user name: Basic has nothing else to say who is at the keyboard, and a
 * header naming someone would be unverified. Off (every Basic sign-in refused) unless
 * {@code gateway.staff.basic-enabled}: production signs staff in with the identity provider's tokens.
 */
@ApplicationScoped
public class HandlerRealmIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    HandlerCredentials credentials;
    @ConfigProperty(name = "gateway.staff.basic-enabled")
    boolean basicEnabled;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (!basicEnabled) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Basic sign-in is off"));
        }
        String user = request.getUsername();
        // In memory (configuration and the handler directory): nothing here blocks.
        if (!credentials.verify(user, new String(request.getPassword().getPassword()))) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown user or wrong password"));
        }
        return Uni.createFrom().item(identityOf(user));
    }

    /** The identity of a realm user: the handler (or operator) it is, and as the person, itself. */
    static SecurityIdentity identityOf(String user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user))
                .addRole(HandlerCredentials.OPERATOR.equals(user) ? "operator" : "handler")
                .addAttribute(StaffIdentity.HANDLER, user)
                .addAttribute(StaffIdentity.PERSON, user)
                .build();
    }
}
