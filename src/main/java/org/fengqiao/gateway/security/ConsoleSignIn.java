package org.fengqiao.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.security.HttpSecurity;

/**
 * How a person signs in to the staff console ({@code /console/}): through the county's identity
 * provider (the OIDC authorization code flow, {@link ConsoleTenant}) where {@code gateway.staff.oidc.issuer}
 * is set, else with the sign-in form against the handler realm (Quarkus form authentication,
 * {@link HandlerRealmIdentityProvider}). One mechanism per deployment, chosen here at start: the
 * path's mechanism decides which one answers an unsigned request (a redirect to the provider, or
 * to the form), and a session of the other kind is never taken. The sign-in page and the assets it
 * needs are open to all.
 */
@ApplicationScoped
public class ConsoleSignIn {

    /** The authentication scheme of quarkus-oidc's code flow mechanism. */
    static final String CODE_FLOW = "code";

    @Inject
    StaffConfig staff;

    void configure(@Observes HttpSecurity http) {
        var console = http.path("/console", "/console/*");
        (identityProviderOn() ? console.authorizationCodeFlow() : console.form()).authenticated();
        http.path("/console/sign-in", "/console/assets/*").permit();
    }

    /** Whether the console signs people in through the identity provider rather than the form. */
    public boolean identityProviderOn() {
        return staff.oidc().issuer().filter(issuer -> !issuer.isBlank()).isPresent();
    }

    static boolean isConsolePath(String path) {
        return path != null && (path.equals("/console") || path.startsWith("/console/"));
    }
}
