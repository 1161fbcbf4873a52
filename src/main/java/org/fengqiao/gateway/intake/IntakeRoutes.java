package org.fengqiao.gateway.intake;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.casestatus.SourceStatusApi;
import org.fengqiao.gateway.problem.HttpReplies;

/**
 * The shared end of every source's intake route: a source route (in routes/, one per source) turns
 * its native payload into a DisputeDraft and sends it here. Each stage is a step of its own, named
 * by its id, so Camel's route view, JMX and tracing show where a case is and how long each stage
 * takes; {@link DisputeIntake} holds what each step does, on an {@link IntakeCase} as the body.
 */
@ApplicationScoped
public class IntakeRoutes extends RouteBuilder {

    public static final String ACCEPT_DISPUTE = "direct:accept-dispute";
    /** Exchange property with the {@link IntakeOutcome}, for routes that go on after the reply (polling). */
    public static final String OUTCOME = "fengqiaoIntakeOutcome";

    @Inject
    ObjectMapper json;
    @Inject
    DisputeIntake intake;

    @Override
    public void configure() {
        from(ACCEPT_DISPUTE).routeId("accept-dispute")
                .bean(intake, "checkKnownRecord").id("intake-check-known-record")
                .choice().id("intake-known-record")
                    .when(simple("${body.known}"))
                        .bean(intake, "answerKnownRecord").id("intake-answer-known-record")
                    .otherwise()
                        .bean(intake, "resolveJurisdiction").id("intake-resolve-jurisdiction")
                        .bean(intake, "decideCategoryAndHandler").id("intake-decide-category-and-handler")
                        .bean(intake, "linkSameMatter").id("intake-link-same-matter")
                        .bean(intake, "assembleCanonicalDispute").id("intake-assemble-canonical-dispute")
                        .bean(intake, "storeAttachments").id("intake-store-attachments")
                        .bean(intake, "recordAndDeliver").id("intake-record-and-deliver")
                .end()
                .process(this::reply).id("intake-reply");
    }

    /** 202 for a new dispute, 200 for a record the gateway already has; both name the dispute and where to read it. */
    private void reply(Exchange exchange) throws Exception {
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeCase.class).outcome();
        exchange.setProperty(OUTCOME, outcome);
        // The source reads its case back where it posted it, with the same credential.
        String location = SourceStatusApi.locationOf(exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class),
                outcome.disputeId());
        String body = json.writeValueAsString(Map.of("disputeId", outcome.disputeId(), "status", outcome.status()));
        HttpReplies.reply(exchange, outcome.created() ? 202 : 200, "application/json", body)
                .setHeader("Location", location);
    }
}
