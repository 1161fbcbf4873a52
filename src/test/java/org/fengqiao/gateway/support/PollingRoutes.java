package org.fengqiao.gateway.support;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.fengqiao.gateway.intake.polling.PolledSourceTemplate;
import org.fengqiao.gateway.intake.polling.PollingRound;

/**
 * Polling rounds when a test says so. A polled source's route is a timer route (off in the test
 * profile): here it is started with its timer suspended, and a round is one exchange through the
 * route's own processors, answered with the round's result.
 */
public final class PollingRoutes {

    private final CamelContext camel;
    private final String routeId;

    public PollingRoutes(CamelContext camel, String routeId) {
        this.camel = camel;
        this.routeId = routeId;
    }

    /** One round of the route, as its timer would run it. */
    public PollingRound.Result pollRound() throws Exception {
        if (!camel.getRouteController().getRouteStatus(routeId).isSuspended()) {
            camel.getRouteController().startRoute(routeId);
            camel.getRouteController().suspendRoute(routeId);
        }
        Route route = camel.getRoute(routeId);
        Exchange exchange = route.getConsumer().createExchange(false);
        route.getConsumer().getProcessor().process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return exchange.getMessage().getBody(PollingRound.Result.class);
    }

    /**
     * Another instance polling the same source (as a second gateway would, or this one after a
     * restart): a templatedRoute with the same parameters but its own instance id and no memory.
     */
    public PollingRoutes otherInstance(String instanceId) throws Exception {
        return otherInstance(instanceId, Map.of("autoStartup", "false"));
    }

    /**
     * Another instance with some parameters of its own, e.g. {@code autoStartup} true and a short
     * {@code interval}: its timer runs rounds by itself, as in production.
     */
    public PollingRoutes otherInstance(String instanceId, Map<String, String> own) throws Exception {
        Map<String, Object> parameters = new HashMap<>(
                ((ModelCamelContext) camel).getRouteDefinition(routeId).getTemplateParameters());
        // The model keeps each parameter as given (kebab-case from YAML) and in camelCase: set one spelling.
        parameters.keySet().removeIf(name -> name.contains("-"));
        parameters.put("instanceId", instanceId);
        parameters.putAll(own);
        String id = routeId + "-" + instanceId;
        TemplatedRouteBuilder.builder(camel, PolledSourceTemplate.TEMPLATE).routeId(id).prefixId(id + "-")
                .parameters(parameters).add();
        return new PollingRoutes(camel, id);
    }

    /** Stops the route and takes it out of the context (an instance made by {@link #otherInstance}). */
    public void remove() throws Exception {
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
    }

    @Override
    public String toString() {
        return routeId;
    }
}
