package org.fengqiao.gateway.intake.hotline;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
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
 * What the 12345 hotline hears (docs/contracts.md §12345 hotline): 签收 when the handler signs, 办理中
 * on progress, 已办结 with the result; the hotline then calls back the citizen and sends its
 * evaluation. A work order the centre does not take (不予受理) goes back to the hotline (退回).
 */
@ApplicationScoped
public class HotlineFeedback implements SourceFeedback {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String JSON = "application/json;charset=UTF-8";

    @Inject
    ObjectMapper json;
    @Inject
    SourcesConfig sources;

    @Override
    public String sourceSystem() {
        return "HOTLINE_12345";
    }

    @Override
    public String baseUrl() {
        return sources.byName().get("hotline").baseUrl().orElseThrow();
    }

    @Override
    public boolean evaluates() {
        return true;
    }

    @Override
    public List<FeedbackCall> onEvent(CanonicalDispute dispute, HandlerEvent event, String handlerName,
            OffsetDateTime at) {
        String gdbh = dispute.source().recordId();
        String time = GatewayTime.inZone(at).format(LOCAL);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gdbh", gdbh);
        switch (event.type()) {
            case "SIGNED" -> {
                body.put("qsdw", handlerName);
                body.put("qssj", time);
                return List.of(call("SIGN", "/open/workorder/sign", body, key(dispute, "sign", at), false));
            }
            case "PROGRESS" -> {
                body.put("blzt", "办理中");
                body.put("bljg", event.note());
                body.put("bldw", handlerName);
                return List.of(call("PROGRESS", "/open/workorder/feedback", body, key(dispute, "progress", at), false));
            }
            case "RESOLVED" -> {
                body.put("blzt", "已办结");
                body.put("bljg", Outcomes.describe(event));
                body.put("bldw", handlerName);
                body.put("bjsj", time);
                return List.of(call("RESULT", "/open/workorder/feedback", body, key(dispute, "result", at), true));
            }
            case "REJECTED" -> {
                body.put("thyy", event.reason());
                return List.of(call("RETURN", "/open/workorder/return", body, key(dispute, "return", at), true));
            }
            default -> {
                return List.of();
            }
        }
    }

    private static String key(CanonicalDispute dispute, String what, OffsetDateTime at) {
        return Outcomes.key(dispute.disputeId(), what, at);
    }

    private FeedbackCall call(String kind, String path, Map<String, Object> body, String key, boolean last) {
        try {
            return new FeedbackCall(kind, "POST", path, JSON, json.writeValueAsString(body), key, last);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
