package org.fengqiao.gateway.security;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.problem.Problem;
import org.fengqiao.gateway.problem.ProblemTexts;
import org.fengqiao.gateway.problem.RefusalReason;
import org.fengqiao.gateway.problem.Text;

/**
 * Signs staff in on the staff API through Quarkus Security, before any route runs: Quarkus's
 * mechanisms read the Authorization header (Basic; a bearer token through smallrye-jwt), its
 * identity providers and augmentors ({@link HandlerRealmIdentityProvider}, {@link TokenHandlerAugmentor})
 * decide who it is and for which handler. Authentication stays lazy
 * ({@code quarkus.http.auth.proactive=false}): the sources' endpoints authenticate with their own
 * HMAC or API key, and the published schemas and the jurisdiction resolver are public.
 *
 * <p>The identity is resolved here and set as the request's user, which platform-http hands to the
 * route (header {@code CamelVertxPlatformHttpAuthenticatedUser}). A refusal is answered here, as
 * problem+json in the client's language with {@code WWW-Authenticate}, and counted in
 * security.Refusals like every other: Quarkus's own challenge would be an empty body, and path
 * permissions ({@code quarkus.http.auth.permission.*}) would answer with that challenge.
 */
@ApplicationScoped
public class StaffSignIn {

    /** After Quarkus's authentication filter (which puts the deferred identity on the request), before the routes. */
    static final int ORDER = -1;
    private static final String FAILED = "gateway.staff.sign-in-failed";

    @Inject
    Refusals refusals;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "gateway.staff.basic-enabled")
    boolean basicEnabled;

    void install(@Observes Router router) {
        router.route("/api/v1/*").order(ORDER).handler(this::signIn);
    }

    private void signIn(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!StaffAuthentication.isStaffPath(path)) {
            ctx.next();
            return;
        }
        // The header's shape is checked before Quarkus reads it, as the sources' credential headers
        // are: given once, bounded, printable ASCII. Its scheme only chooses the refusal's wording.
        List<String> given = ctx.request().headers().getAll(HttpHeaders.AUTHORIZATION);
        if (given.size() > 1) {
            refuse(ctx, RefusalReason.MALFORMED, new Text("auth.header-twice", "Authorization"));
            return;
        }
        String header = given.isEmpty() ? null : given.get(0);
        if (header != null && header.length() > StaffAuthentication.MAX_AUTHORIZATION_LENGTH) {
            refuse(ctx, RefusalReason.MALFORMED,
                    new Text("auth.header-long", "Authorization", StaffAuthentication.MAX_AUTHORIZATION_LENGTH));
            return;
        }
        if (header != null && !header.chars().allMatch(c -> c >= ' ' && c < 0x7f)) {
            refuse(ctx, RefusalReason.MALFORMED, new Text("auth.header-ascii", "Authorization"));
            return;
        }
        if (header == null) {
            // Staff on the API sign in with this header only: the staff console's session cookie, were a
            // client to send it here, is not a credential of the API.
            refuse(ctx, RefusalReason.MISSING, new Text(basicEnabled ? "staff.basic-or-bearer" : "staff.bearer-only"));
            return;
        }
        boolean basic = header.regionMatches(true, 0, "Basic ", 0, 6);
        boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
        if (!bearer && !(basic && basicEnabled)) {
            refuse(ctx, RefusalReason.MALFORMED,
                    new Text(basicEnabled ? "staff.basic-or-bearer" : "staff.bearer-only"));
            return;
        }
        Uni<SecurityIdentity> deferred = QuarkusHttpUser.getSecurityIdentity(ctx, null);
        if (deferred == null) {
            refuse(ctx, RefusalReason.MISSING, new Text("staff.not-signed-in"));
            return;
        }
        // Quarkus calls this on a failed sign-in instead of sending its own challenge (an empty 401):
        // the refusal is answered below, as problem+json.
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER,
                (java.util.function.BiConsumer<RoutingContext, Throwable>) (c, failure) -> c.put(FAILED, Boolean.TRUE));
        deferred.subscribe().with(identity -> {
            if (Boolean.TRUE.equals(ctx.get(FAILED))) {
                refuse(ctx, RefusalReason.UNKNOWN_CREDENTIAL,
                        new Text(basic ? "staff.wrong-password" : "staff.token-invalid"));
                return;
            }
            if (identity == null || identity.isAnonymous() || StaffIdentity.callerOf(identity) == null) {
                // No mechanism took the header: it is not well formed.
                refuse(ctx, RefusalReason.MALFORMED,
                        new Text(basic ? "staff.basic-malformed" : "staff.token-invalid"));
                return;
            }
            QuarkusHttpUser.setIdentity(identity, ctx);
            ctx.next();
        }, failure -> refuse(ctx, RefusalReason.UNKNOWN_CREDENTIAL,
                new Text(basic ? "staff.wrong-password" : "staff.token-invalid")));
    }

    private void refuse(RoutingContext ctx, RefusalReason reason, Text detail) {
        if (ctx.response().ended()) {
            return;
        }
        refusals.record(Refusals.STAFF, reason, detail.english());
        Locale locale = ProblemTexts.choose(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem problem = Problem.of("UNAUTHORIZED", ProblemTexts.title(locale, "UNAUTHORIZED"), 401,
                ProblemTexts.render(locale, detail), ctx.normalizedPath(), List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":401,\"code\":\"UNAUTHORIZED\"}";
        }
        var response = ctx.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8");
        // The schemes this gateway takes, as RFC 9110 asks of a 401.
        response.headers().add("WWW-Authenticate", "Bearer realm=\"fengqiao\"");
        if (basicEnabled) {
            response.headers().add("WWW-Authenticate", "Basic realm=\"fengqiao\", charset=\"UTF-8\"");
        }
        response.end(body);
    }
}
