package org.fengqiao.gateway.api;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.feedback.FeedbackStore;

/** Feedback dead letters for operators: list them, and re-drive one once the cause is fixed. */
@ApplicationScoped
public class FeedbackApi extends RouteBuilder {

    @Inject
    FeedbackStore store;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    RoutingPolicy routing;

    @Override
    public void configure() {
        rest("/api/v1/feedback/dead-letters")
                .get().id("rest-feedback-dead-letters").produces("application/json").to("direct:feedback-dead-letters")
                .post("/{id}/redrive").id("rest-feedback-redrive").produces("application/json")
                .to("direct:feedback-redrive");
        from("direct:feedback-dead-letters").routeId("feedback-dead-letters").process(this::list);
        from("direct:feedback-redrive").routeId("feedback-redrive").process(this::redrive);
    }

    private static void requireOperator(Exchange exchange) {
        if (!org.fengqiao.gateway.security.StaffAuthentication.callerOf(exchange).operator()) {
            throw new org.fengqiao.gateway.problem.ForbiddenException(new Text("feedback.redrive-operator"));
        }
    }

    /**
     * The operator sees every dead letter; a county's centre those of its county's disputes, the
     * city's centre those of every county (no bodies: they may quote citizens).
     */
    private void list(Exchange exchange) throws Exception {
        var caller = org.fengqiao.gateway.security.StaffAuthentication.callerOf(exchange);
        if (!caller.operator() && !caller.centre()) {
            throw new org.fengqiao.gateway.problem.ForbiddenException(new Text("feedback.dead-letters-readers"));
        }
        String source = exchange.getMessage().getHeader("source", String.class);
        Optional<String> county = caller.operator() ? Optional.empty() : caller.overseenCounty(routing.city());
        var letters = store.deadLetters(Optional.ofNullable(source).filter(s -> !s.isBlank()), county, 500);
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(Map.of("items", letters)));
    }

    private void redrive(Exchange exchange) throws Exception {
        requireOperator(exchange);
        String raw = exchange.getMessage().getHeader("id", String.class);
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("id", new Text("violation.number"));
        }
        var caller = org.fengqiao.gateway.security.StaffAuthentication.callerOf(exchange);
        if (!store.redrive(id, GatewayTime.now(clock), caller.id(), caller.person())) {
            throw new NotFoundException(new Text("feedback.no-dead-letter", id));
        }
        HttpReplies.reply(exchange, 202, "application/json",
                json.writeValueAsString(Map.of("id", id, "status", "QUEUED")));
    }
}
