package org.fengqiao.gateway.intake;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.problem.HttpReplies;

/**
 * The shared end of every source's intake route: a source route (in routes/, one per source) turns
 * its native payload into a DisputeDraft and sends it here.
 */
@ApplicationScoped
public class IntakeRoutes extends RouteBuilder {

    public static final String ACCEPT_DISPUTE = "direct:accept-dispute";

    @Inject
    ObjectMapper json;

    @Override
    public void configure() {
        from(ACCEPT_DISPUTE).routeId("accept-dispute")
                .bean(DisputeIntake.class, "accept")
                .process(this::reply);
    }

    /** 202 for a new dispute, 200 for a record the gateway already has; both name the dispute. */
    private void reply(Exchange exchange) throws Exception {
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeOutcome.class);
        String body = json.writeValueAsString(Map.of("disputeId", outcome.disputeId(), "status", outcome.status()));
        HttpReplies.reply(exchange, outcome.created() ? 202 : 200, "application/json", body)
                .setHeader("Location", "/api/v1/disputes/" + outcome.disputeId());
    }
}
