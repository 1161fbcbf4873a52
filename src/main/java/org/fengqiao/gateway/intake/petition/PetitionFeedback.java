package org.fengqiao.gateway.intake.petition;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.feedback.FeedbackCall;
import org.fengqiao.gateway.feedback.Outcomes;
import org.fengqiao.gateway.feedback.SourceFeedback;
import org.fengqiao.gateway.handling.HandlerEvent;
import org.fengqiao.gateway.intake.SourcesConfig;

/**
 * What the petition platform hears (docs/contracts.md §Petition platform), in its XML: the
 * acceptance notice (受理告知) when the handler signs — the deadline policy gives petitions a sign-by
 * well inside the 15 days the rules allow — and the handling result (办理结果) when it resolves.
 */
@ApplicationScoped
public class PetitionFeedback implements SourceFeedback {

    private static final XmlMapper XML = new XmlMapper();
    private static final String CONTENT_TYPE = "application/xml;charset=UTF-8";

    @Inject
    SourcesConfig sources;

    @Override
    public String sourceSystem() {
        return "PETITION";
    }

    @Override
    public String baseUrl() {
        return sources.byName().get("petition").baseUrl().orElseThrow();
    }

    @Override
    public List<FeedbackCall> onEvent(CanonicalDispute dispute, HandlerEvent event, String handlerName,
            OffsetDateTime at) {
        String xfjbh = dispute.source().recordId();
        String item = "/xf/items/" + URLEncoder.encode(xfjbh, StandardCharsets.UTF_8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Xfjbh", xfjbh);
        switch (event.type()) {
            case "SIGNED" -> {
                body.put("Sldw", handlerName);
                body.put("Slsj", GatewayTime.inZone(at).toString());
                return List.of(call("ACCEPTANCE", item + "/acceptance", "XfAcceptance", body,
                        Outcomes.key(dispute.disputeId(), "acceptance", at), false));
            }
            case "RESOLVED" -> {
                body.put("Bljg", Outcomes.describe(event));
                body.put("Bldw", handlerName);
                body.put("Bjsj", GatewayTime.inZone(at).toString());
                return List.of(call("RESULT", item + "/result", "XfResult", body,
                        Outcomes.key(dispute.disputeId(), "result", at), true));
            }
            default -> {
                return List.of();
            }
        }
    }

    private static FeedbackCall call(String kind, String path, String root, Map<String, Object> body, String key,
            boolean last) {
        try {
            return new FeedbackCall(kind, "POST", path, CONTENT_TYPE, XML.writer().withRootName(root)
                    .writeValueAsString(body), key, last);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
