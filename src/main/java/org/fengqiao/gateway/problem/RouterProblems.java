package org.fengqiao.gateway.problem;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
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

    private static final Map<Integer, String[]> STATUSES = Map.of(
            400, new String[] {"INVALID_REQUEST", "The request does not meet its contract"},
            404, new String[] {"NOT_FOUND", "Not found"},
            405, new String[] {"METHOD_NOT_ALLOWED", "Method not allowed"},
            406, new String[] {"NOT_ACCEPTABLE", "No acceptable representation"},
            413, new String[] {"PAYLOAD_TOO_LARGE", "The request body is too large"},
            415, new String[] {"UNSUPPORTED_MEDIA_TYPE", "Unsupported media type"});

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        STATUSES.keySet().forEach(status -> router.errorHandler(status, ctx -> answer(ctx, status)));
        // Before Quarkus's own failure handler, which shows stack traces outside production.
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
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
        String[] known = STATUSES.getOrDefault(status, new String[] {"INTERNAL_ERROR", "Internal error"});
        String detail = switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "this path does not take " + ctx.request().method().name();
            case 406 -> "the answer is application/json or application/problem+json";
            case 413 -> "the body is larger than the gateway accepts; nothing was stored";
            case 415 -> "this path does not take the body's Content-Type; nothing was stored";
            case 400 -> "the request could not be read; nothing was stored";
            default -> "The gateway could not process the request";
        };
        Problem problem = Problem.of(known[0], known[1], status, detail, path(ctx), List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + ",\"code\":\"" + known[0] + "\"}";
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
