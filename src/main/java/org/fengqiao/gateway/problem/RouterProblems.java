package org.fengqiao.gateway.problem;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Problem details for what the HTTP layer refuses before any route runs: an unknown path (404), a
 * method the path does not take (405), an Accept it cannot serve (406), a Content-Type a route does
 * not consume (415), a body the HTTP layer will not read (413), an unreadable request line (400).
 * Without this, Vert.x answers these with an empty body or an HTML page. Any other failure that
 * reaches the HTTP layer is a 500 problem without a stack trace.
 */
@ApplicationScoped
public class RouterProblems {

    private static final Logger LOG = Logger.getLogger(RouterProblems.class);

    private static final Map<Integer, String> STATUSES = Map.of(
            400, "INVALID_REQUEST",
            404, "NOT_FOUND",
            405, "METHOD_NOT_ALLOWED",
            406, "NOT_ACCEPTABLE",
            413, "PAYLOAD_TOO_LARGE",
            415, "UNSUPPORTED_MEDIA_TYPE");

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        STATUSES.keySet().forEach(status -> router.errorHandler(status, ctx -> answer(ctx, status)));
        // Before Quarkus's own failure handler, which shows stack traces outside production.
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.failure() instanceof AuthenticationException
                || ctx.failure() instanceof io.quarkus.security.UnauthorizedException
                || ctx.failure() instanceof io.quarkus.security.ForbiddenException) {
            // Quarkus Security's own answer (not this package's exceptions of the same names): the staff console's form sign-in sends the browser to its
            // sign-in page (the API's staff sign-in answers its refusals itself, security.StaffSignIn).
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (!STATUSES.containsKey(status)) {
            // Type only: a message or stack trace could quote request content.
            LOG.errorf("Unexpected failure on %s: %s", path(ctx),
                    ctx.failure() == null ? "status " + status : ctx.failure().getClass().getName());
            LOG.debug("Unexpected failure", ctx.failure());
            status = 500;
        }
        answer(ctx, status);
    }

    private void answer(RoutingContext ctx, int status) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String code = STATUSES.getOrDefault(status, "INTERNAL_ERROR");
        Locale locale = ProblemTexts.choose(ctx.request().getHeader("Accept-Language"));
        // A read changes nothing: its answer does not speak of storing.
        boolean read = ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD;
        Text detail = switch (status) {
            case 404 -> new Text("router.404");
            case 405 -> new Text("router.405", ctx.request().method().name());
            case 406 -> new Text("router.406");
            case 413 -> new Text("router.413");
            case 415 -> new Text("router.415");
            case 400 -> new Text(read ? "router.400.read" : "router.400");
            default -> new Text("detail.internal");
        };
        Problem problem = Problem.of(code, ProblemTexts.title(locale, code), status,
                ProblemTexts.render(locale, detail), path(ctx), List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + ",\"code\":\"" + code + "\"}";
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8")
                .end(body);
    }

    /** The path as routed; none when it could not be decoded (that is the 400 itself). */
    private static String path(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
