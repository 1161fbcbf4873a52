package org.fengqiao.gateway.intake.polling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.fengqiao.gateway.intake.IntakeRoutes;
import org.fengqiao.gateway.problem.InvalidRequestException;

/**
 * The route template {@code polled-source}: a source that must be polled is a templatedRoute of it
 * in its routes/ file, with the source's parameters. Each round: wait out the back-off, take the
 * polling lease (one instance polls), then page by page: read the cursor, GET the page, split its
 * items, map each (the source's own mapping), take it through the shared intake and send its receipt,
 * and only then move the cursor; up to {@code maxPages} pages a round. Every step has an id (give the
 * templatedRoute a {@code prefixId}), so the route view and tracing show the round.
 *
 * <p>The routes made from it form the route group {@value #TEMPLATE}: each gets a wellness check
 * ({@link PolledSourceHealth}), and its source needs no credential (it pushes nothing). Their
 * parameters are checked when a route is made, so a setting no round could use stops the start.
 */
@ApplicationScoped
public class PolledSourceTemplate extends RouteBuilder {

    public static final String TEMPLATE = "polled-source";

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("source", null, "the source system, e.g. POLICE_RISK")
                .templateParameter("pageUrl", null, "the page endpoint, e.g. http://host:8080/api/items")
                .templateParameter("toDraft", null, "endpoint mapping one item (JSON) to a DisputeDraft")
                .templateParameter("receipt", "none", "endpoint sending an item's receipt, or none")
                .templateParameter("recordIdField", null, "the item's field holding the source's record id")
                .templateParameter("itemsField", "items", "the page's field holding the items")
                .templateParameter("nextCursorField", "nextCursor", "the page's field holding the next cursor")
                .templateParameter("cursorParameter", "since", "query parameter carrying the cursor")
                .templateParameter("pageSizeParameter", "limit", "query parameter carrying the page size")
                .templateParameter("pageSize", "50", "items asked for per page")
                .templateParameter("maxPages", "20", "pages read at most in one round")
                .templateParameter("interval", "30s", "time between rounds; also the first back-off")
                .templateParameter("delay", "5000", "milliseconds before the first round")
                .templateParameter("maxBackoff", "10m", "upper bound of the back-off")
                .templateParameter("leaseTime", "90s", "how long the polling lease lasts unrenewed")
                .templateParameter("timeout", "10s", "connect and response timeout of each call (10s, PT10S)")
                .templateParameter("instanceId", "{{gateway.instance-id}}", "this instance, as the lease and the source see it")
                .templateParameter("autoStartup", "true", "whether the rounds run")
                .configure(route -> check(route.getCamelContext(), route.getParameters()))
                // Synchronous: the timer's thread waits for the round to end. Otherwise it is free
                // again as soon as the page's items go to the split's threads, and the next tick starts
                // a round beside the unfinished one, from the same cursor: the same page again.
                .from("timer:polled-{{source}}?period={{interval}}&delay={{delay}}&synchronous=true")
                .routeGroup(TEMPLATE)
                .autoStartup("{{autoStartup}}")
                .setProperty(PollingRounds.ROUND, method("pollingRounds",
                        "start(*, '{{source}}', '{{instanceId}}', {{pageSize}}, {{maxPages}}, '{{interval}}', "
                                + "'{{maxBackoff}}', '{{leaseTime}}', '{{timeout}}')")).id("poll-start-round")
                .choice().id("poll-may-read")
                    .when(method("pollingRounds", "backingOff"))
                        .bean("pollingRounds", "skip(${exchangeProperty." + PollingRounds.ROUND + "}, 'BACKING_OFF')").id("poll-wait-out-back-off")
                    .when(method("pollingLease", "hold").isEqualTo(false))
                        .bean("pollingRounds", "skip(${exchangeProperty." + PollingRounds.ROUND + "}, 'NOT_ACTIVE')").id("poll-another-instance-polls")
                    .otherwise()
                        .doTry().id("poll-read-pages")
                            .loopDoWhile(simple("${exchangeProperty." + PollingRounds.ROUND + ".morePages}"))
                                    .id("poll-next-page")
                                .removeHeaders("*")
                                .setProperty("pollCursorParameter", constant("{{cursorParameter}}"))
                                .setProperty("pollPageSizeParameter", constant("{{pageSizeParameter}}"))
                                .setHeader(Exchange.HTTP_QUERY, method("pollingCursor", "pageQuery"))
                                        .id("poll-read-cursor")
                                .setHeader("Accept", constant("application/json"))
                                // Lets the source's operators (and the failover test) see which instance reads.
                                .setHeader("X-Gateway-Instance", constant("{{instanceId}}"))
                                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                                .setBody(constant(""))
                                // toD for the timeouts in milliseconds (the round's start converts the
                                // source's duration); the URI is the same each time, so one endpoint. Not
                                // optimised: that would send the options as the query, not the cursor's.
                                .toD().uri("{{pageUrl}}?httpClientConfigurer=#pollingHttp"
                                        + "&connectTimeout=${exchangeProperty." + PollingRounds.TIMEOUT_MILLIS + "}"
                                        + "&responseTimeout=${exchangeProperty." + PollingRounds.TIMEOUT_MILLIS + "}")
                                        .allowOptimisedComponents(false).id("poll-get-page")
                                .bean("pollingRounds", "page(${exchangeProperty." + PollingRounds.ROUND + "}, ${body}, '{{itemsField}}', '{{nextCursorField}}')")
                                        .id("poll-check-page")
                                // The items of a page side by side, so that they share group commits instead
                                // of each waiting for the commits of the ones before it. Every item is
                                // finished before the page counts as taken or the round fails.
                                .split(simple("${exchangeProperty." + PollingRounds.ROUND + ".items}"))
                                        .parallelProcessing().id("poll-split-items")
                                    .bean("pollingRounds", "item(*, ${body}, '{{recordIdField}}')").id("poll-item")
                                    .doTry()
                                        .to("{{toDraft}}").id("poll-map-item")
                                        .to(IntakeRoutes.ACCEPT_DISPUTE).id("poll-accept-item")
                                        .bean("pollingRounds", "accepted").id("poll-check-accepted")
                                        .setProperty("pollReceipt", constant("{{receipt}}"))
                                        .filter(exchangeProperty("pollReceipt").isNotEqualTo("none"))
                                                .id("poll-receipt-if-any")
                                            .bean("pollingRounds", "forReceipt").id("poll-receipt-values")
                                            .toD("${exchangeProperty.pollReceipt}").id("poll-send-receipt")
                                            .bean("pollingRounds", "receipted").id("poll-check-receipt")
                                        .end()
                                        .bean("pollingRounds", "taken").id("poll-item-taken")
                                    .endDoTry()
                                    .doCatch(InvalidRequestException.class)
                                        .bean("pollingRounds", "rejected").id("poll-record-rejected-item")
                                    .doCatch(Exception.class)
                                        .bean("pollingRounds", "itemFailed").id("poll-item-failed")
                                    .end()
                                .end()
                                .bean("pollingRounds", "pageTaken").id("poll-check-page-taken")
                                .bean("pollingLease", "renew").id("poll-renew-lease")
                                .bean("pollingCursor", "moveAfterPage").id("poll-move-cursor")
                            .end()
                            .bean("pollingRounds", "succeeded").id("poll-succeeded")
                        .endDoTry()
                        .doCatch(Exception.class)
                            .bean("pollingRounds", "failed").id("poll-back-off")
                        .end()
                .end()
                .setBody(method("pollingRounds", "finish")).id("poll-count-round");
    }

    /** The routes of this template: route id to the source it polls. */
    public static Map<String, String> polledSources(CamelContext camel) {
        Map<String, String> out = new LinkedHashMap<>();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (TEMPLATE.equals(route.getGroup()) && parameters != null && parameters.get("source") != null) {
                out.put(route.getRouteId(), camel.resolvePropertyPlaceholders(parameters.get("source").toString()));
            }
        }
        return out;
    }

    /**
     * When a route is made from the template: its numbers and durations must be usable, else the start
     * stops naming the parameter and, when the route file takes it from a property, the property
     * (a round would otherwise fail on it at every tick, after the gateway reported itself started).
     */
    static void check(CamelContext camel, Map<String, Object> parameters) {
        String source = resolved(camel, parameters, "source");
        for (String name : List.of("interval", "maxBackoff", "leaseTime", "timeout")) {
            String value = resolved(camel, parameters, name);
            boolean usable;
            try {
                // A bare number would be milliseconds here but seconds to Quarkus: a unit is required.
                Duration duration = PollingRounds.duration(value);
                usable = !value.matches("[0-9]+") && !duration.isNegative() && !duration.isZero();
            } catch (RuntimeException e) {
                usable = false;
            }
            if (!usable) {
                throw mistake(source, parameters, name, value, "is not a positive duration with a unit, such as 30s,"
                        + " 1m30s or PT30S");
            }
        }
        for (String name : List.of("pageSize", "maxPages")) {
            String value = resolved(camel, parameters, name);
            if (!value.matches("[1-9][0-9]{0,5}")) {
                throw mistake(source, parameters, name, value, "is not a whole number from 1 to 999999");
            }
        }
        String delay = resolved(camel, parameters, "delay");
        if (!delay.matches("[0-9]{1,9}")) {
            throw mistake(source, parameters, "delay", delay, "is not a number of milliseconds");
        }
        String autoStartup = resolved(camel, parameters, "autoStartup");
        if (!autoStartup.equals("true") && !autoStartup.equals("false")) {
            throw mistake(source, parameters, "autoStartup", autoStartup, "is neither true nor false");
        }
    }

    private static String resolved(CamelContext camel, Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value == null ? "" : camel.resolvePropertyPlaceholders(value.toString()).strip();
    }

    private static IllegalArgumentException mistake(String source, Map<String, Object> parameters, String name,
            String value, String problem) {
        String given = String.valueOf(parameters.get(name));
        String from = given.equals(value) ? "" : " (" + given.replaceAll("\\{\\{|}}", "") + ")";
        return new IllegalArgumentException(TEMPLATE + " route of " + source + ": parameter " + name + from
                + " = '" + value + "' " + problem);
    }
}
