package org.fengqiao.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The staff console's session (Quarkus form authentication): the encrypted session cookie names the
 * realm user who signed in with {@link HandlerRealmIdentityProvider}, and each request is signed in
 * again from it. The user must still be one of the realm (a handler of the directory, or the
 * operator) and password sign-in still on ({@code gateway.staff.basic-enabled}): turning it off ends
 * every session at its next request.
 */
@ApplicationScoped
public class HandlerRealmSessionProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    HandlerCredentials credentials;
    @ConfigProperty(name = "gateway.staff.basic-enabled")
    boolean basicEnabled;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String user = request.getPrincipal();
        if (!basicEnabled || credentials.passwordOf(user).isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("no such realm user"));
        }
        return Uni.createFrom().item(HandlerRealmIdentityProvider.identityOf(user));
    }
}
