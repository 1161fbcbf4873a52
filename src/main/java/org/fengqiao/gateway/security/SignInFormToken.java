package org.fengqiao.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The CSRF check of the console's sign-in form: its post to {@code j_security_check} must carry the
 * token of quarkus-rest-csrf's cookie in its form field, as every other console form does, or it is
 * refused (caused by {@link Refused}) before any password is looked at.
 *
 * <p>Why here: quarkus-rest-csrf guards Quarkus REST endpoints only, and the post is taken by Quarkus's
 * form authentication on Vert.x before any of them, which has no CSRF check of its own (quarkus issue
 * 29924). Its body can be read once, by form authentication, which keeps the form's fields on the
 * request; a filter before it could not read them without taking them away. So the check is an
 * identity provider for the same user-and-password request, asked before the realm
 * ({@link HandlerRealmIdentityProvider}): it signs no one in, it refuses or lets the realm decide.
 * Other user-and-password requests (the API's Basic) pass untouched.
 */
@ApplicationScoped
public class SignInFormToken implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
    String postLocation;
    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String cookieName;
    @ConfigProperty(name = "quarkus.rest-csrf.form-field-name", defaultValue = "csrf-token")
    String fieldName;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    /** Before the realm's provider, which has the default priority of an application's provider. */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 2;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing == null || routing.request().method() != HttpMethod.POST
                || !routing.normalizedPath().equals(postLocation)) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = routing.request().getCookie(cookieName);
        String field = routing.request().formAttributes().get(fieldName);
        if (cookie == null || field == null || field.isEmpty() || !MessageDigest.isEqual(
                cookie.getValue().getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().failure(new AuthenticationFailedException(new Refused()));
        }
        // The form is this site's own: the realm decides on the password.
        return Uni.createFrom().nullItem();
    }

    /**
     * Why the sign-in failed (the cause of the AuthenticationFailedException, which is final): a post
     * without the token of its form, or with another.
     */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super("the sign-in form's CSRF token is missing or does not match its cookie");
        }
    }
}
