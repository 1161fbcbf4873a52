package org.fengqiao.gateway.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.jurisdiction.standard.AddressResolution;
import org.fengqiao.gateway.jurisdiction.Resolution;

/**
 * {@code GET /api/v1/jurisdiction/resolve?address=&county=&code=}: what the gateway would decide for an
 * address (and standard address code), and which handler a dispute of no special category there would go to.
 */
@ApplicationScoped
public class JurisdictionApi extends RouteBuilder {

    @Inject
    AddressResolution resolver;
    @Inject
    RoutingPolicy routing;
    @Inject
    ObjectMapper json;

    @Override
    public void configure() {
        rest("/api/v1/jurisdiction")
                .get("/resolve").id("rest-resolve-jurisdiction").produces("application/json")
                .to("direct:resolve-jurisdiction");
        from("direct:resolve-jurisdiction").routeId("resolve-jurisdiction").process(this::resolve);
    }

    private void resolve(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        Resolution r = resolver.resolve(in.getHeader("address", String.class), in.getHeader("county", String.class),
                in.getHeader("code", String.class));
        var decision = routing.decide(new RoutingPolicy.Facts(Category.OTHER, null, r.countyCode(),
                r.townshipCode(), r.method().name()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("townshipCode", r.townshipCode());
        body.put("townshipName", r.townshipName());
        body.put("countyCode", r.countyCode());
        body.put("countyName", r.countyName());
        body.put("villageCode", r.villageCode());
        body.put("villageName", r.villageName());
        body.put("standardAddressCode", r.standardAddressCode());
        body.put("gridCode", r.gridCode());
        body.put("method", r.method());
        body.put("confidence", r.confidence());
        body.put("candidates", r.candidates());
        body.put("handlerId", decision.handlerId());
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(body));
    }
}
