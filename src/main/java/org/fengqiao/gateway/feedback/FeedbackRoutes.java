package org.fengqiao.gateway.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

/**
 * The feedback call of one source and kind, as a route: {@code source-feedback}, a template each
 * source instantiates at the end of its route file ({@code templatedRoute}), naming the handler events
 * that cause the call, its path and its body. The relay ({@link FeedbackRelay}) hands each due outbox
 * row to {@code direct:feedback-<source>-<kind>}; the route sends it to the source's API and says
 * what became of it in the header {@value #OUTCOME}: DELIVERED (2xx), REJECTED (a 4xx other than 408
 * and 429: sending it again would not help, it becomes a dead letter) or RETRY (anything else,
 * including no answer: the outbox's durable back-off tries again later).
 *
 * <p>The http component's own retries are off, as it would otherwise repeat a 503 itself behind the
 * relay's guard and the outbox's schedule; its timeouts are {@code gateway.feedback.timeout}.
 */
@ApplicationScoped
public class FeedbackRoutes extends RouteBuilder {

    /** Set by the route: DELIVERED, REJECTED or RETRY. */
    public static final String OUTCOME = "FeedbackOutcome";
    /** Set by the route with RETRY or REJECTED: what went wrong, for the outbox and the stall log. */
    public static final String FAILURE = "FeedbackFailure";
    /** Exchange property set by the relay: the kind of call (for the failure text; not sent). */
    public static final String KIND = "FeedbackKind";

    @Inject
    FeedbackDeclarations declarations;
    @Inject
    FeedbackConfig config;

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
                .configure(template -> declarations.declare(template.getParameters()))
                .from("direct:feedback-{{source}}-{{kind}}")
                    // Only what the call needs reaches the source: the relay's own headers stay here.
                    .removeHeaders("*", "Content-Type|Idempotency-Key|traceparent|tracestate|"
                            + Exchange.HTTP_METHOD + "|" + Exchange.HTTP_PATH)
                    .doTry()
                        .to("{{baseUrl}}?throwExceptionOnFailure=false")
                        .choice()
                            .when(simple("${header.CamelHttpResponseCode} range '200..299'"))
                                .setHeader(OUTCOME, constant("DELIVERED"))
                            .when(simple("${header.CamelHttpResponseCode} range '400..499'"
                                    + " && ${header.CamelHttpResponseCode} not in '408,429'"))
                                .setHeader(OUTCOME, constant("REJECTED"))
                                .setHeader(FAILURE, simple("${exchangeProperty." + KIND
                                        + "} refused by the source with ${header.CamelHttpResponseCode}"))
                            .otherwise()
                                .setHeader(OUTCOME, constant("RETRY"))
                                .setHeader(FAILURE, simple("${exchangeProperty." + KIND
                                        + "} answered ${header.CamelHttpResponseCode}"))
                        .end()
                    .endDoTry()
                    // No answer (refused, reset, timed out): kept for a later round, not an error of the route.
                    .doCatch(Exception.class)
                        .setHeader(OUTCOME, constant("RETRY"))
                        .setHeader(FAILURE, simple("${exception.class.simpleName}: ${exception.message}"))
                    .end()
                    .setBody(constant(""));
    }
}
