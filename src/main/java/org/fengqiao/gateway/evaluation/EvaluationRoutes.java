package org.fengqiao.gateway.evaluation;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.problem.HttpReplies;

/** The shared end of a source's evaluation route: its adapter makes an {@link Evaluation}, this applies it. */
@ApplicationScoped
public class EvaluationRoutes extends RouteBuilder {

    public static final String ACCEPT_EVALUATION = "direct:accept-evaluation";

    @Inject
    ObjectMapper json;

    @Override
    public void configure() {
        from(ACCEPT_EVALUATION).routeId("accept-evaluation")
                .bean(EvaluationService.class, "apply")
                .process(this::reply);
    }

    private void reply(Exchange exchange) throws Exception {
        var applied = exchange.getMessage().getBody(EvaluationService.Applied.class);
        HttpReplies.reply(exchange, 200, "application/json",
                json.writeValueAsString(Map.of("disputeId", applied.disputeId(), "status", applied.status())));
    }
}
