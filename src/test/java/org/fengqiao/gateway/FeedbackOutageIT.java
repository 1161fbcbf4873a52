package org.fengqiao.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The hotline's API down for minutes (real ones, on the packaged jar), then back: every feedback
 * call is delivered, each taken by the hotline once. The outage lasts
 * {@code -Dfeedback.outage.seconds} (default 120).
 */
class FeedbackOutageIT {

    @Test
    void feedbackOwedDuringAnOutageOfMinutesIsDeliveredOnceWhenTheSourceIsBack() throws Exception {
        long outage = Long.getLong("feedback.outage.seconds", 120);
        WireMockSimulators simulators = new WireMockSimulators();
        String hotlineUrl = simulators.start().get("gateway.sources.hotline.base-url");
        WireMockServer hotline = WireMockSimulators.server();
        StubMapping down = hotline.stubFor(post(urlPathMatching("/open/workorder/.*")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        Map<String, String> env = Map.of("GATEWAY_SOURCES_HOTLINE_BASE_URL", hotlineUrl,
                "GATEWAY_FEEDBACK_RELAY_INTERVAL", "1s", "GATEWAY_FEEDBACK_TIMEOUT", "PT1S",
                "GATEWAY_FEEDBACK_BREAKER_DELAY", "PT2S", "GATEWAY_FEEDBACK_BACKOFF_BASE", "PT1S",
                "GATEWAY_FEEDBACK_BACKOFF_MAX", "PT10S", "GATEWAY_FEEDBACK_MAX_ATTEMPTS", "1000");
        Path data = Path.of("target", "it-data", "feedback-outage-" + System.nanoTime());
        try (GatewayProcess gateway = new GatewayProcess("feedback-outage", data, env).start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
                order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random()));
                String id = given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON)
                        .body(WorkOrders.json(order)).post("/api/v1/sources/hotline/work-orders").then()
                        .statusCode(202).extract().path("disputeId");
                event(gateway, id, Map.of("type", "SIGNED", "handlerId", "330681104"));
                event(gateway, id, Map.of("type", "RESOLVED", "handlerId", "330681104", "outcome", "MEDIATED",
                        "note", "达成协议"));
                ids.add(id);
            }
            long outageEnds = System.currentTimeMillis() + outage * 1000;
            await().atMost(Duration.ofSeconds(outage + 30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> System.currentTimeMillis() >= outageEnds);
            int refused = hotline.getAllServeEvents().size();
            hotline.removeStub(down);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> ids.stream()
                    .allMatch(id -> "FEEDBACK_SENT".equals(given().baseUri(gateway.baseUrl())
                            .get("/api/v1/disputes/" + id).then().extract().path("dispute.status"))));

            Map<String, Integer> takenPerKey = new HashMap<>();
            for (ServeEvent e : hotline.getAllServeEvents()) {
                if (e.getResponse().getStatus() == 200) {
                    takenPerKey.merge(e.getRequest().getHeader("Idempotency-Key"), 1, Integer::sum);
                }
            }
            long twice = takenPerKey.values().stream().filter(n -> n > 1).count();
            System.out.printf("No loss, feedback API down %d s: owed %d / refused attempts %d / delivered %d /"
                    + " duplicated %d%n", outage, ids.size() * 2, refused, takenPerKey.size(), twice);
            assertThat(takenPerKey).hasSize(ids.size() * 2);
            assertThat(twice).isZero();
        } finally {
            simulators.stop();
        }
    }

    private static void event(GatewayProcess gateway, String id, Map<String, Object> event) {
        given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(event)
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(200);
    }
}
