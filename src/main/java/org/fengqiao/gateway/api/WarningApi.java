package org.fengqiao.gateway.api;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.security.StaffAuthentication;
import org.fengqiao.gateway.warning.RiskWarnings;

/**
 * Risk warnings (预警) for the centres: a county's centre lists its county's and acknowledges them
 * with a note; the city's centre does the same for every county. Anyone else is refused.
 */
@ApplicationScoped
public class WarningApi extends RouteBuilder {

    @Inject
    RiskWarnings warnings;
    @Inject
    ObjectMapper json;

    @Override
    public void configure() {
        rest("/api/v1/warnings")
                .get().id("rest-warnings").produces("application/json").to("direct:warnings")
                .post("/{warningId}/acknowledgement").id("rest-warning-acknowledgement").produces("application/json")
                .to("direct:warning-acknowledgement");
        from("direct:warnings").routeId("warnings").process(this::list);
        from("direct:warning-acknowledgement").routeId("warning-acknowledgement").process(this::acknowledge);
    }

    private void list(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        RiskWarnings.Checked query = warnings.check(StaffAuthentication.callerOf(exchange), new RiskWarnings.Query(
                in.getHeader("area", String.class), in.getHeader("status", String.class),
                in.getHeader("from", String.class), in.getHeader("to", String.class),
                in.getHeader("disputeId", String.class)));
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(Map.of("area", query.area(),
                "from", query.from().toString(), "to", query.to().toString(), "items", warnings.list(query))));
    }

    private void acknowledge(Exchange exchange) throws Exception {
        var caller = StaffAuthentication.callerOf(exchange);
        String id = exchange.getMessage().getHeader("warningId", String.class);
        String body = exchange.getMessage().getBody(String.class);
        JsonNode note;
        try {
            note = body == null || body.isBlank() ? null : json.readTree(body).get("note");
        } catch (Exception e) {
            throw new InvalidRequestException("body", new Text("warning.body-json"));
        }
        if (note != null && !note.isNull() && !note.isTextual()) {
            throw new InvalidRequestException("note", new Text("violation.type", "string"));
        }
        String text = note == null || note.isNull() ? null : note.asText();
        HttpReplies.reply(exchange, 200, "application/json",
                json.writeValueAsString(warnings.acknowledge(caller, id, text)));
    }
}
