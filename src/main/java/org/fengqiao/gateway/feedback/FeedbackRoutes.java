package org.fengqiao.gateway.feedback;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

/**
 * The feedback call of one source and kind, as a route: {@code source-feedback}, a template each
 * source instantiates at the end of its route file ({@code templatedRoute}), naming the handler events
 * that cause the call, its path and its body. The relay ({@link FeedbackRelay}) hands each due outbox
 * row to {@code direct:feedback-<source>-<kind>}; the route sends it to the source's API through the
 * circuitBreaker EIP with the source's SmallRye Fault Tolerance guard ({@link FeedbackGuards}:
 * timeout, quick retries, a breaker per source) and fails unless the source took it (2xx): with
 * FeedbackRejectedException for a 4xx other than 408 and 429 (sending it again would not help, it
 * becomes a dead letter), else with the failure (the outbox's durable back-off tries again later).
 * When the breaker is open the call is not made (exchange property CamelCircuitBreakerResponseShortCircuited).
 *
 * <p>The http component's own retries are off, as it would otherwise repeat a 503 itself behind the
 * relay's guard and the outbox's schedule; its timeouts are {@code gateway.feedback.timeout}.
 */
@ApplicationScoped
public class FeedbackRoutes extends RouteBuilder {

    /**
     * Exchange property set by the relay: an AtomicReference that gets each failed attempt, so the
     * relay knows a call's real failure when the breaker opens during its own retries.
     */
    public static final String ATTEMPT_FAILURE = "FeedbackAttemptFailure";
    /** Exchange property set by the relay: the kind of call (for the failure text; not sent). */
    public static final String KIND = "FeedbackKind";

    @Inject
    FeedbackDeclarations declarations;
    @Inject
    FeedbackConfig config;

    /**
     * A call the source did not take fails, so the guard retries it and the breaker counts it: 4xx
     * (but 408 and 429) as a refusal, not retried and not held against the source; the rest as a
     * failure to try again.
     */
    static void judge(Exchange exchange) throws Exception {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status / 100 == 2) {
            return;
        }
        String kind = exchange.getProperty(KIND, String.class);
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new FeedbackRejectedException(kind + " refused by the source with " + status);
        }
        throw new IOException(kind + " answered " + status);
    }

    /** Keeps the attempt's failure for the relay and fails the attempt with it. */
    @SuppressWarnings("unchecked")
    static void remember(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        var attempts = exchange.getProperty(ATTEMPT_FAILURE, AtomicReference.class);
        if (attempts != null) {
            attempts.set(failure);
        }
        throw failure;
    }

    @Override
    public void configure() {
        HttpComponent http = getCamelContext().getComponent("http", HttpComponent.class);
        // The outbox's durable back-off is the retry: the client must not repeat a call (a 503) itself.
        http.setAutomaticRetriesDisabled(true);
        int timeout = Math.toIntExact(config.timeout().toMillis());
        http.setConnectTimeout(timeout);
        http.setConnectionRequestTimeout(timeout);
        http.setResponseTimeout(timeout);
        http.setSoTimeout(timeout);
        routeTemplate("source-feedback")
                .templateParameter("source", null, "the source system id (HOTLINE_12345, PETITION ...)")
                .templateParameter("kind", null, "what the call says (SIGN, RESULT ...), one route per kind")
                .templateParameter("events", null, "handler event types that cause it, comma separated")
                .templateParameter("baseUrl", null, "the source's API; the call's path is relative to it")
                .templateParameter("path", null, "simple template of the path")
                .templateParameter("body", null, "body fields, one 'name: simple template' a line")
                .templateParameter("format", "json", "json or xml")
                .templateParameter("xmlRoot", "", "the root element of an xml body")
                .templateParameter("method", "POST", "the HTTP method")
                .templateParameter("finalResult", "false", "whether delivering it closes the loop")
                .templateParameter("awaitsEvaluation", "false", "the source evaluates the result itself")
                // The source's guard, shared by all its calls; blank: gateway.feedback.*.
                .templateParameter("timeout", "", "the source's time limit of one call (ISO-8601, e.g. PT3S)")
                .templateParameter("quickRetries", "", "the source's retries within one round")
                .templateParameter("breakerDelay", "", "how long the source's breaker stays open (ISO-8601)")
                .configure(template -> declarations.declare(template.getParameters()))
                .from("direct:feedback-{{source}}-{{kind}}")
                    // Failures go back to the relay as they are (it logs them once per stall, masked).
                    .errorHandler(noErrorHandler())
                    // Only what the call needs reaches the source: the relay's own headers stay here.
                    .removeHeaders("*", "Content-Type|Idempotency-Key|traceparent|tracestate|"
                            + Exchange.HTTP_METHOD + "|" + Exchange.HTTP_PATH)
                    .circuitBreaker()
                        .faultToleranceConfiguration().typedGuard("feedbackGuard-{{source}}").end()
                        .doTry()
                            .to("{{baseUrl}}?throwExceptionOnFailure=false")
                            .process(FeedbackRoutes::judge)
                        .doCatch(Exception.class)
                            .process(FeedbackRoutes::remember)
                        .end()
                    .end()
                    .setBody(constant(""));
    }
}
