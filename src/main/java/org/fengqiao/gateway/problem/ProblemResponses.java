package org.fengqiao.gateway.problem;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.jboss.logging.Logger;

/**
 * One error policy for every route, Java or YAML: failures become problem+json answers. The route
 * configuration has no id, so Camel applies it to all routes, including those loaded from routes/.
 * What every REST call passes before its route (the door, the caller's credentials) is
 * {@code api.RestEntry}'s.
 */
@ApplicationScoped
public class ProblemResponses extends RouteConfigurationBuilder {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    @Inject
    ObjectMapper json;
    @Inject
    Instance<RefusalRecorder> refusals;

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(InvalidRequestException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRequestException.class);
                        Locale locale = ProblemTexts.of(exchange);
                        // A read changes nothing: its answer does not speak of storing.
                        Text summary = new Text(reading(exchange) ? "detail.invalid.read" : "detail.invalid.write",
                                e.violations().size());
                        reply(exchange, problem(locale, "INVALID_REQUEST", 400, ProblemTexts.render(locale, summary),
                                path(exchange), ProblemTexts.violations(locale, e.violations())));
                    })
                .end()
                .onException(NotFoundException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, NotFoundException.class);
                        Locale locale = ProblemTexts.of(exchange);
                        reply(exchange, problem(locale, "NOT_FOUND", 404, ProblemTexts.detail(locale, e),
                                path(exchange), List.of()));
                    })
                .end()
                .onException(UnauthorizedException.class, ForbiddenException.class).handled(true)
                    .process(exchange -> answer(exchange,
                            exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RuntimeException.class)))
                .end()
                .onException(ConflictException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ConflictException.class);
                        Locale locale = ProblemTexts.of(exchange);
                        reply(exchange, new Problem("/problems/conflict", ProblemTexts.title(locale, "CONFLICT"), 409,
                                ProblemTexts.detail(locale, e), path(exchange), "CONFLICT", List.of(),
                                e.currentState()));
                    })
                .end()
                .onException(PayloadTooLargeException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PayloadTooLargeException.class);
                        Locale locale = ProblemTexts.of(exchange);
                        reply(exchange, problem(locale, "PAYLOAD_TOO_LARGE", 413, nothingStored(locale, e),
                                path(exchange), List.of()));
                    })
                .end()
                .onException(RateLimitedException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RateLimitedException.class);
                        Locale locale = ProblemTexts.of(exchange);
                        reply(exchange, problem(locale, "RATE_LIMITED", 429, nothingStored(locale, e), path(exchange),
                                List.of()));
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
                        Locale locale = ProblemTexts.of(exchange);
                        reply(exchange, problem(locale, "SERVICE_UNAVAILABLE", 503, ProblemTexts.detail(locale, e),
                                path(exchange), List.of()));
                        exchange.getMessage().setHeader("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
                    })
                .end()
                .onException(java.sql.SQLException.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, java.sql.SQLException.class);
                        LOG.warnf("Ledger unavailable on %s: SQLState %s", path(exchange), e.getSQLState());
                        ledgerUnavailable(exchange);
                    })
                .end()
                .onException(Exception.class).handled(true)
                    .process(exchange -> {
                        var e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        // Type and message only: a stack trace could quote request content.
                        LOG.errorf("Unexpected failure on %s: %s", path(exchange), e.getClass().getName());
                        LOG.debug("Unexpected failure", e);
                        internalError(exchange);
                    })
                .end();
    }

    /** Notes the language the client asked for, before any step could drop its headers. */
    public static void chooseLanguage(Exchange exchange) {
        exchange.setProperty(ProblemTexts.LOCALE_PROPERTY,
                ProblemTexts.choose(exchange.getMessage().getHeader("Accept-Language", String.class)));
    }

    /**
     * Answers a refusal: 401 for who-are-you, 403 for not-yours (also from route interceptors). Counted
     * and logged at a bounded rate by security.Refusals, not a line each: a flood of them must not
     * flood the log.
     */
    public void answer(Exchange exchange, RuntimeException refused) throws Exception {
        Locale locale = ProblemTexts.of(exchange);
        if (refused instanceof UnauthorizedException unauthorized) {
            refusals.get().record(exchange, unauthorized.reason(), refused.getMessage());
            reply(exchange, problem(locale, "UNAUTHORIZED", 401, ProblemTexts.detail(locale, refused), path(exchange),
                    ProblemTexts.violations(locale, unauthorized.violations())));
        } else {
            refusals.get().record(exchange, RefusalReason.FORBIDDEN, refused.getMessage());
            reply(exchange, problem(locale, "FORBIDDEN", 403, ProblemTexts.detail(locale, refused), path(exchange),
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
            ledgerUnavailable(exchange);
            return;
        }
        LOG.errorf("Unexpected failure on %s: %s", path(exchange), failure.getClass().getName());
        LOG.debug("Unexpected failure", failure);
        internalError(exchange);
    }

    private void ledgerUnavailable(Exchange exchange) throws Exception {
        Locale locale = ProblemTexts.of(exchange);
        reply(exchange, problem(locale, "SERVICE_UNAVAILABLE", 503,
                ProblemTexts.render(locale, new Text("detail.ledger-unavailable")), path(exchange), List.of()));
        exchange.getMessage().setHeader("Retry-After", 5);
    }

    private void internalError(Exchange exchange) throws Exception {
        Locale locale = ProblemTexts.of(exchange);
        reply(exchange, problem(locale, "INTERNAL_ERROR", 500, ProblemTexts.render(locale, new Text("detail.internal")),
                path(exchange), List.of()));
    }

    private static Problem problem(Locale locale, String code, int status, String detail, String instance,
            List<FieldViolation> errors) {
        return Problem.of(code, ProblemTexts.title(locale, code), status, detail, instance, errors);
    }

    private static String nothingStored(Locale locale, RuntimeException e) {
        return ProblemTexts.render(locale, new Text("detail.nothing-stored", ProblemTexts.detail(locale, e)));
    }

    private static boolean reading(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
    }

    private void reply(Exchange exchange, Problem problem) throws Exception {
        HttpReplies.reply(exchange, problem.status(), Problem.MEDIA_TYPE, json.writeValueAsString(problem));
    }

    private static String path(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }
}
