package org.fengqiao.gateway.security;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing out of the console where people sign in through the identity provider: the session
 * quarkus-oidc keeps in its cookies ends here (locally), and where the provider publishes an
 * {@code end_session_endpoint}, the browser is sent there to end the provider's session too
 * (RP-initiated logout), and comes back to the sign-in page. Done from the console's own sign-out form,
 * so that it keeps that form's CSRF check (quarkus-oidc's logout path would take the post before it).
 */
@ApplicationScoped
public class ConsoleSignOut {

    @Inject
    ConsoleSignIn signIn;
    @Inject
    StaffConfig staff;
    @Inject
    Instance<OidcSession> session;
    @Inject
    Instance<OidcConfigurationMetadata> metadata;

    /**
     * Ends the identity provider's session of this request locally; the provider's own sign-out to
     * send the browser to, if it has one, returning to {@code afterwards}. Empty where the console
     * signs in with its form.
     */
    public Optional<URI> endIdentityProviderSession(URI afterwards) {
        if (!signIn.identityProviderOn()) {
            return Optional.empty();
        }
        OidcSession current = session.get();
        JsonWebToken idToken = current.getIdToken();
        String hint = idToken == null ? null : idToken.getRawToken();
        current.logout().await().atMost(Duration.ofSeconds(10));
        String endSession = metadata.get().getEndSessionUri();
        if (endSession == null || endSession.isBlank()) {
            return Optional.empty();
        }
        StringBuilder to = new StringBuilder(endSession).append(endSession.contains("?") ? '&' : '?')
                .append("post_logout_redirect_uri=").append(encode(afterwards.toString()))
                .append("&client_id=").append(encode(staff.oidc().clientId()));
        if (hint != null) {
            to.append("&id_token_hint=").append(encode(hint));
        }
        return Optional.of(URI.create(to.toString()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
