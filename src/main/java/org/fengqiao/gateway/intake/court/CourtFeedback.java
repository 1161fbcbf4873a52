package org.fengqiao.gateway.intake.court;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.feedback.FeedbackCall;
import org.fengqiao.gateway.feedback.Outcomes;
import org.fengqiao.gateway.feedback.SourceFeedback;
import org.fengqiao.gateway.handling.HandlerEvent;
import org.fengqiao.gateway.intake.SourcesConfig;

/**
 * What the court hears (docs/contracts.md §Court pre-litigation mediation): the mediation's outcome
 * — MEDIATED with the agreement, FAILED (the court then registers the case, 立案) or WITHDRAWN.
 */
@ApplicationScoped
public class CourtFeedback implements SourceFeedback {

    @Inject
    ObjectMapper json;
    @Inject
    SourcesConfig sources;

    @Override
    public String sourceSystem() {
        return "COURT_MEDIATION";
    }

    @Override
    public String baseUrl() {
        return sources.byName().get("court").baseUrl().orElseThrow();
    }

    @Override
    public List<FeedbackCall> onEvent(CanonicalDispute dispute, HandlerEvent event, String handlerName,
            OffsetDateTime at) {
        if (!"RESOLVED".equals(event.type())) {
            return List.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", event.outcome());
        // The court needs the agreement of a successful mediation; the handler's note stands in for it.
        String agreement = event.agreement() != null ? event.agreement() : event.note();
        if (agreement != null || "MEDIATED".equals(event.outcome())) {
            body.put("agreement", agreement == null ? Outcomes.describe(event) : agreement);
        }
        body.put("closedAt", GatewayTime.inZone(at).toString());
        try {
            return List.of(new FeedbackCall("RESULT", "PUT", "/api/mediations/"
                    + URLEncoder.encode(dispute.source().recordId(), StandardCharsets.UTF_8) + "/result",
                    "application/json;charset=UTF-8", json.writeValueAsString(body),
                    Outcomes.key(dispute.disputeId(), "result", at), true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
