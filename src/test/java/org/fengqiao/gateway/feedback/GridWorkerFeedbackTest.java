package org.fengqiao.gateway.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/**
 * A source defined by files gets its feedback from its files: routes/grid-worker.yaml declares the
 * acknowledgement on SIGNED and the result on RESOLVED (templatedRoute source-feedback), and the grid
 * platform's simulator (mappings/grid-worker/) takes them. From the report to the township's queue,
 * the township's events on dispute.events, and back to the platform.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class GridWorkerFeedbackTest {

    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇
    static final String QUEUE = "dispute.handler." + FENGQIAO;

    @Inject
    FeedbackRelay relay;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aGridReportHearsItsSignAndResultBackThroughItsStubs() throws Exception {
        WireMockServer platform = WireMockSimulators.server();
        String sbbh = GridReports.newSbbh();
        String id;
        try (HandlerQueues queues = HandlerQueues.embedded()) {
            queues.drain(QUEUE, 100);
            id = given().contentType(ContentType.JSON).body(GridReports.json(GridReports.valid(sbbh)))
                    .post("/api/v1/sources/grid-worker/reports").then().statusCode(202).extract().path("disputeId");
            List<TextMessage> delivered = queues.drain(QUEUE, 5000);
            assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
        }

        // The township answers on dispute.events as its own system would.
        String url = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
        try (HandlerQueues fengqiao = new HandlerQueues(url, FENGQIAO, "dev-" + FENGQIAO);
                Session session = fengqiao.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            producer.send(session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", FENGQIAO))));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> GatewayApi.status(id, "SIGNED"));
            producer.send(session.createTextMessage(json.writeValueAsString(Map.of("type", "RESOLVED",
                    "disputeId", id, "handlerId", FENGQIAO, "outcome", "MEDIATED", "note", "双方达成疏通协议"))));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> GatewayApi.status(id, "RESOLVED"));
        }

        assertThat(relay.relay("GRID_WORKER")).isEqualTo(2);

        List<LoggedRequest> acks = platform.findAll(postRequestedFor(urlPathEqualTo("/api/grid/reports/" + sbbh + "/ack")));
        // A repeat (a quick retry after a slow answer) carries the same key and body: the platform counts it once.
        assertThat(acks).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getHeader("Idempotency-Key")).isEqualTo(acks.get(0).getHeader("Idempotency-Key"));
            assertThat(r.getBodyAsString()).isEqualTo(acks.get(0).getBodyAsString());
        });
        JsonNode ack = json.readTree(acks.get(0).getBodyAsString());
        assertThat(ack.at("/sbbh").asText()).isEqualTo(sbbh);
        assertThat(ack.at("/slzt").asText()).isEqualTo("已受理");
        assertThat(ack.at("/sldw").asText()).isEqualTo("诸暨市枫桥镇");
        assertThat(ack.at("/slsj").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(acks.get(0).getHeader("Idempotency-Key")).startsWith(id + ":ack:");
        // Only the call's own headers reach the platform, not the gateway's.
        assertThat(acks.get(0).getHeaders().keys()).noneMatch(h -> h.startsWith("Feedback") || h.startsWith("Camel"));

        List<LoggedRequest> results = platform.findAll(
                postRequestedFor(urlPathEqualTo("/api/grid/reports/" + sbbh + "/result")));
        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getHeader("Idempotency-Key")).isEqualTo(results.get(0).getHeader("Idempotency-Key"));
            assertThat(r.getBodyAsString()).isEqualTo(results.get(0).getBodyAsString());
        });
        JsonNode result = json.readTree(results.get(0).getBodyAsString());
        assertThat(result.at("/sbbh").asText()).isEqualTo(sbbh);
        assertThat(result.at("/cljg").asText()).isEqualTo("调解成功：双方达成疏通协议");
        assertThat(result.at("/cldw").asText()).isEqualTo("诸暨市枫桥镇");
        assertThat(results.get(0).getHeader("Idempotency-Key")).startsWith(id + ":result:");
        assertThat(results.get(0).getHeader("Content-Type")).contains("application/json");
        // The platform's stubs took both (never its catch-all 400), and the loop is closed.
        var answers = platform.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/api/grid/reports/" + sbbh)).toList();
        assertThat(answers).noneMatch(e -> e.getResponse().getStatus() == 400);
        assertThat(answers).filteredOn(e -> e.getResponse().getStatus() == 200)
                .extracting(e -> e.getRequest().getUrl().substring(e.getRequest().getUrl().lastIndexOf('/')))
                .contains("/ack", "/result");
        GatewayApi.status(id, "CLOSED");
    }
}
