package org.fengqiao.gateway.evaluation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.event;
import static org.fengqiao.gateway.support.GatewayApi.status;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A source's evaluation defined by files alone: TEST_PUSH (src/test/resources/test-config/sources/
 * TEST_PUSH.yaml, its evaluation: section, and test-routes/test-push.yaml) evaluates in its own words
 * (好 / 一般 / 差); 差 reopens the dispute on the same township's queue, 好 closes it. Its evaluation
 * schema is published and its endpoint described like the hotline's.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class EvaluationFileSourceTest {

    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇
    static final String EVALUATIONS = "/api/v1/sources/test-push/evaluations";

    @Inject
    FeedbackRelay relay;

    final ObjectMapper json = new ObjectMapper();
    WireMockServer api;
    StubMapping up;

    @BeforeEach
    void sourceApiAnswers() {
        api = WireMockSimulators.server();
        up = api.stubFor(post(urlPathMatching("/test-push/.*")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void removeStub() {
        api.removeStub(up);
    }

    static ValidatableResponse evaluate(String body) {
        return given().header("X-Api-Key", "test-push-api-key").contentType(ContentType.JSON).body(body)
                .post(EVALUATIONS).then();
    }

    /** A case of TEST_PUSH signed, resolved and fed back: FEEDBACK_SENT, waiting for its evaluation. */
    private String resolvedCase(String bh, HandlerQueues queues) throws Exception {
        String id = given().header("X-Api-Key", "test-push-api-key").contentType(ContentType.JSON)
                .body("{\"bh\":\"" + bh + "\",\"nr\":\"两户因排水沟堵塞发生争执。\",\"lx\":\"测试邻里\","
                        + "\"dz\":\"诸暨市枫桥镇陈家社区\"}")
                .post("/api/v1/sources/test-push/cases").then().statusCode(202).extract().path("disputeId");
        assertThat(queues.drain("dispute.handler." + FENGQIAO, 5000)).extracting(m -> m.getStringProperty("disputeId"))
                .contains(id);
        resolve(id);
        return id;
    }

    private void resolve(String id) {
        event(id, Map.of("type", "SIGNED", "handlerId", FENGQIAO)).statusCode(200);
        event(id, Map.of("type", "RESOLVED", "handlerId", FENGQIAO, "outcome", "MEDIATED", "note", "双方达成协议"))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay("TEST_PUSH");
            status(id, "FEEDBACK_SENT");
        });
    }

    @Test
    void itsOwnWordsReopenAndCloseTheDispute() throws Exception {
        try (HandlerQueues queues = HandlerQueues.embedded()) {
            queues.drain("dispute.handler." + FENGQIAO, 100);
            String bh = "TP-" + UUID.randomUUID();
            String id = resolvedCase(bh, queues);
            assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/test-push/" + bh + "/result")))).hasSize(1);

            // A value outside its schema's enum, and an impossible time: 400 naming its own fields.
            evaluate("{\"bh\":\"" + bh + "\",\"pj\":\"满意\",\"sj\":\"2026-02-30 10:00:00\"}").statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("errors.field", hasItem("pj")).body("errors.field", hasItem("sj"));
            status(id, "FEEDBACK_SENT");

            // 差 is DISSATISFIED: back on the same township's queue.
            evaluate("{\"bh\":\"" + bh + "\",\"pj\":\"差\",\"sm\":\"问题未解决\",\"sj\":\"2026-12-01 10:00:00\"}")
                    .statusCode(200).body("disputeId", equalTo(id)).body("status", equalTo("REOPENED"));
            List<TextMessage> again = queues.drain("dispute.handler." + FENGQIAO, 5000);
            assertThat(again).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
            assertThat(json.readTree(again.get(0).getText()).path("status").asText()).isEqualTo("REOPENED");
            // Too early now: the dispute is being handled again.
            evaluate("{\"bh\":\"" + bh + "\",\"pj\":\"好\"}").statusCode(409);

            // 好 is SATISFIED: closed.
            resolve(id);
            evaluate("{\"bh\":\"" + bh + "\",\"pj\":\"好\"}").statusCode(200).body("status", equalTo("CLOSED"));
            status(id, "CLOSED");
            JsonNode history = json.readTree(given().get("/api/v1/disputes/" + id).then().statusCode(200).extract()
                    .asString()).path("history");
            assertThat(history.findValuesAsText("event")).containsSubsequence("REOPENED", "EVALUATED", "CLOSED");
        }
        // A record it never sent.
        evaluate("{\"bh\":\"TP-" + UUID.randomUUID() + "\",\"pj\":\"一般\"}").statusCode(404);
    }

    @Test
    void itsEvaluationSchemaIsPublishedAndItsEndpointDescribed() throws Exception {
        given().get("/api/v1/schemas/sources/test-push-evaluation.schema.json").then().statusCode(200)
                .body("required", hasItem("pj"));
        // The hotline's, now beside its definition in config/sources/, at the URL it always had.
        given().get("/api/v1/schemas/sources/hotline-evaluation.json").then().statusCode(200)
                .body("required", hasItem("myd"));

        JsonNode doc = json.readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        JsonNode operation = doc.at("/paths/~1api~1v1~1sources~1test-push~1evaluations/post");
        assertThat(operation.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/EvaluationApplied");
        assertThat(operation.at("/responses/404/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(operation.at("/responses/409").isMissingNode()).isFalse();
        assertThat(operation.at("/responses/202").isMissingNode()).isTrue();
        JsonNode request = operation.at("/requestBody/content/application~1json");
        assertThat(request.at("/schema/$ref").asText()).isEqualTo("#/components/schemas/TestPushEvaluation");
        assertThat(doc.at("/components/schemas/TestPushEvaluation/required")).extracting(JsonNode::asText)
                .contains("bh", "pj");
        assertThat(request.at("/example/pj").asText()).isEqualTo("好");
    }
}
