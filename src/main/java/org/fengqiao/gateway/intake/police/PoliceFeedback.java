package org.fengqiao.gateway.intake.police;

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

/**
 * What the police risk-control platform hears (docs/contracts.md §Police risk-control platform):
 * the receipt goes back at intake (see {@link PolicePoller}); the disposal result (处置结果) when the
 * handler resolves the dispute.
 */
@ApplicationScoped
public class PoliceFeedback implements SourceFeedback {

    @Inject
    ObjectMapper json;
    @Inject
    PoliceSourceConfig config;

    @Override
    public String sourceSystem() {
        return PoliceRiskAdapter.SYSTEM;
    }

    @Override
    public String baseUrl() {
        return config.baseUrl();
    }

    @Override
    public List<FeedbackCall> onEvent(CanonicalDispute dispute, HandlerEvent event, String handlerName,
            OffsetDateTime at) {
        if (!"RESOLVED".equals(event.type())) {
            return List.of();
        }
        String jqbh = dispute.source().recordId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("czjg", Outcomes.describe(event));
        body.put("czdw", handlerName);
        body.put("czsj", GatewayTime.inZone(at).toString());
        try {
            return List.of(new FeedbackCall("DISPOSAL", "POST",
                    "/api/risk/disputes/" + URLEncoder.encode(jqbh, StandardCharsets.UTF_8) + "/disposal",
                    "application/json;charset=UTF-8", json.writeValueAsString(body),
                    Outcomes.key(dispute.disputeId(), "disposal", at), true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
