package org.fengqiao.gateway.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/**
 * A source's calls are guarded as its route file says: TEST_PUSH (src/test/resources/test-routes/
 * test-push.yaml) declares no quick retries, where the gateway's default is two, so a call its API
 * refuses with 503 is made once in a round, not three times.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class FeedbackGuardTest {

    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇

    @Inject
    FeedbackRelay relay;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aSourcesOwnRetrySettingIsWhatItsCallsGet() throws Exception {
        WireMockServer api = WireMockSimulators.server();
        StubMapping down = api.stubFor(post(urlPathMatching("/test-push/.*")).willReturn(aResponse().withStatus(503)));
        try {
            String bh = "TP-" + UUID.randomUUID();
            String id = given().header("X-Api-Key", "test-push-api-key").contentType(ContentType.JSON)
                    .body("{\"bh\":\"" + bh + "\",\"nr\":\"两户因排水沟堵塞发生争执。\",\"lx\":\"测试邻里\","
                            + "\"dz\":\"诸暨市枫桥镇陈家社区\"}")
                    .post("/api/v1/sources/test-push/cases").then().statusCode(202).extract().path("disputeId");

            try (HandlerQueues fengqiao = HandlerQueues.embeddedAs(FENGQIAO)) {
                fengqiao.sendEvent(json.writeValueAsString(Map.of("type", "SIGNED", "disputeId", id, "handlerId", FENGQIAO)));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> GatewayApi.status(id, "SIGNED"));
            }

            relay.relay("TEST_PUSH");

            assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/test-push/" + bh + "/sign")))).hasSize(1);
        } finally {
            api.removeStub(down);
        }
    }
}
