package org.fengqiao.gateway.problem;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.jboss.logging.Logger;

/**
 * One error policy for every route, Java or YAML: failures become problem+json answers. The route
 * configuration has no id, so Camel applies it to all routes, including those loaded from routes/.
 */
@ApplicationScoped
public class ProblemResponses extends RouteConfigurationBuilder {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    @Inject
    ObjectMapper json;
    @Inject
    jakarta.enterprise.inject.Instance<org.fengqiao.gateway.security.SourceAuthentication> sourceAuthentication;
    @Inject
    jakarta.enterprise.inject.Instance<org.fengqiao.gateway.limits.InFlightRequests> door;
    @Inject
    jakarta.enterprise.inject.Instance<org.fengqiao.gateway.security.Refusals> refusals;

    @Override
    public void configuration() {
        routeConfiguration()
                // Every REST endpoint (Java or YAML route) first takes up its place at the door (a source
                // request whose client has gone is refused there), then checks the caller's credentials.
                .interceptFrom("rest:*")
                    .process(exchange -> door.get().enter(exchange))
                    .process(exchange -> sourceAuthentication.get().process(exchange))
                .end()
                .onException(InvalidRequestException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRequestException.class);
                        reply(exchange, Problem.of("INVALID_REQUEST", "The request does not meet its contract", 400,
                                e.violations().size() + " field(s) rejected; nothing was stored",
                                path(exchange), e.violations()));
                    })
                .end()
                .onException(NotFoundException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, NotFoundException.class);
                        reply(exchange, Problem.of("NOT_FOUND", "Not found", 404, e.getMessage(), path(exchange),
                                List.of()));
                    })
                .end()
                .onException(UnauthorizedException.class, ForbiddenException.class).handled(true)
                    .process(exchange -> answer(exchange,
                            exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RuntimeException.class)))
                .end()
                .onException(ConflictException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ConflictException.class);
                        reply(exchange, new Problem("/problems/conflict", "Not possible in the current state", 409,
                                e.getMessage(), path(exchange), "CONFLICT", List.of(), e.currentState()));
                    })
                .end()
                .onException(PayloadTooLargeException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PayloadTooLargeException.class);
                        reply(exchange, Problem.of("PAYLOAD_TOO_LARGE", "The request body is too large", 413,
                                e.getMessage() + "; nothing was stored", path(exchange), List.of()));
                    })
                .end()
                .onException(RateLimitedException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RateLimitedException.class);
                        reply(exchange, Problem.of("RATE_LIMITED", "Too many requests, retry later", 429,
                                e.getMessage() + "; nothing was stored", path(exchange), List.of()));
                        // Whole seconds, rounded up: retrying at the hint must find a token.
                        long millis = e.retryAfter().toMillis();
                        exchange.getMessage().setHeader("Retry-After", Math.max(1, (millis + 999) / 1000));
                    })
                .end()
                .onException(ServiceUnavailableException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ServiceUnavailableException.class);
                        if (e.worthAWarning()) {
                            LOG.warnf("Answering 503 on %s: %s", path(exchange), e.getMessage());
                        }
                        reply(exchange, Problem.unavailable(e.getMessage(), path(exchange)));
                        exchange.getMessage().setHeader("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
                    })
                .end()
                .onException(java.sql.SQLException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, java.sql.SQLException.class);
                        LOG.warnf("Ledger unavailable on %s: SQLState %s", path(exchange), e.getSQLState());
                        reply(exchange, Problem.unavailable("the ledger database is unavailable", path(exchange)));
                        exchange.getMessage().setHeader("Retry-After", 5);
                    })
                .end()
                .onException(Exception.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        // Type and message only: a stack trace could quote request content.
                        LOG.errorf("Unexpected failure on %s: %s", path(exchange), e.getClass().getName());
                        LOG.debug("Unexpected failure", e);
                        reply(exchange, Problem.of("INTERNAL_ERROR", "Internal error", 500,
                                "The gateway could not process the request", path(exchange), List.of()));
                    })
                .end();
    }

    /**
     * Answers a refusal: 401 for who-are-you, 403 for not-yours (also from route interceptors). Counted
     * and logged at a bounded rate by security.Refusals, not a line each: a flood of them must not
     * flood the log.
     */
    public void answer(Exchange exchange, RuntimeException refused) throws Exception {
        if (refused instanceof UnauthorizedException unauthorized) {
            refusals.get().record(exchange, unauthorized.reason(), refused.getMessage());
            reply(exchange, Problem.of("UNAUTHORIZED", "Not authenticated", 401, refused.getMessage(), path(exchange),
                    List.of()));
        } else {
            refusals.get().record(exchange, RefusalReason.FORBIDDEN, refused.getMessage());
            reply(exchange, Problem.of("FORBIDDEN", "Not allowed", 403, refused.getMessage(), path(exchange),
                    List.of()));
        }
    }

    /**
     * Answers a failure outside the routes' error policy (in a route interceptor), as the policy would:
     * a ledger that cannot be reached is 503, anything else 500; the type logged, never a stack trace.
     */
    public void answerFailure(Exchange exchange, Exception failure) throws Exception {
        if (failure instanceof java.sql.SQLException sql) {
            LOG.warnf("Ledger unavailable on %s: SQLState %s", path(exchange), sql.getSQLState());
            reply(exchange, Problem.unavailable("the ledger database is unavailable", path(exchange)));
            exchange.getMessage().setHeader("Retry-After", 5);
            return;
        }
        LOG.errorf("Unexpected failure on %s: %s", path(exchange), failure.getClass().getName());
        LOG.debug("Unexpected failure", failure);
        reply(exchange, Problem.of("INTERNAL_ERROR", "Internal error", 500,
                "The gateway could not process the request", path(exchange), List.of()));
    }

    private void reply(Exchange exchange, Problem problem) throws Exception {
        HttpReplies.reply(exchange, problem.status(), Problem.MEDIA_TYPE, json.writeValueAsString(problem));
    }

    private static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }
}
