package org.fengqiao.gateway.handling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.disputeField;
import static org.fengqiao.gateway.support.GatewayApi.event;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 申请延期 and its approval: a township's request leaves the deadline where it is until the county
 * centre approves it (all the days asked or fewer) or refuses it; one request waits at a time and a
 * dispute has at most gateway.handling.max-extension-requests (2); only the dispute's county centre
 * or the city centre decides. The source hears of the new deadline where its route file declares a
 * call for it (TEST_PUSH, src/test/resources/test-routes/test-push.yaml).
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ExtensionApprovalTest {

    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇
    static final String ZHUJI_CENTRE = "330681-CENTRE";
    static final String CITY_CENTRE = "3306-CENTRE";
    static final String OTHER_COUNTY_CENTRE = "330602-CENTRE"; // 越城区

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

    private static String signedCase(String bh) {
        String id = given().header("X-Api-Key", "test-push-api-key").contentType(ContentType.JSON)
                .body("{\"bh\":\"" + bh + "\",\"nr\":\"邻居违章搭建影响采光，多次协商未果。\",\"lx\":\"测试邻里\","
                        + "\"dz\":\"诸暨市枫桥镇陈家社区\"}")
                .post("/api/v1/sources/test-push/cases").then().statusCode(202).extract().path("disputeId");
        event(id, Map.of("type", "SIGNED", "handlerId", FENGQIAO)).statusCode(200);
        return id;
    }

    private static OffsetDateTime dueAt(String id) {
        return OffsetDateTime.parse(disputeField(id, "dispute.assignment.dueAt"));
    }

    private static Map<String, Object> ask(int days) {
        return Map.of("type", "EXTENSION_REQUESTED", "handlerId", FENGQIAO, "days", days, "reason", "当事人外出务工，春节后返乡");
    }

    @Test
    void theDeadlineMovesOnlyWhenTheCountyCentreApproves() throws Exception {
        String bh = "TP-" + UUID.randomUUID();
        String id = signedCase(bh);
        OffsetDateTime due = dueAt(id);

        event(id, ask(10)).statusCode(200).body("status", equalTo("SIGNED"));
        assertThat(dueAt(id)).isEqualTo(due);

        // One request waits at a time.
        given().header("Accept-Language", "zh-CN").contentType(ContentType.JSON).body(ask(5))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(409)
                .body("detail", equalTo("已有一项延期申请（10 天）等待社会治理中心审批"));
        // Not the township's to decide, nor another county's centre.
        event(id, Map.of("type", "EXTENSION_APPROVED", "handlerId", FENGQIAO)).statusCode(403);
        event(id, Map.of("type", "EXTENSION_APPROVED", "handlerId", OTHER_COUNTY_CENTRE)).statusCode(403);
        // More days than asked.
        event(id, Map.of("type", "EXTENSION_APPROVED", "handlerId", ZHUJI_CENTRE, "days", 11)).statusCode(400)
                .body("errors.field", hasItem("days"));
        assertThat(dueAt(id)).isEqualTo(due);

        // The county centre grants 7 of the 10 days.
        event(id, Map.of("type", "EXTENSION_APPROVED", "handlerId", ZHUJI_CENTRE, "days", 7, "reason", "同意延期7天"))
                .statusCode(200).body("status", equalTo("SIGNED"));
        OffsetDateTime extended = dueAt(id);
        assertThat(extended).isEqualTo(due.plusDays(7));
        // Nothing waits now.
        event(id, Map.of("type", "EXTENSION_REFUSED", "handlerId", ZHUJI_CENTRE, "reason", "x")).statusCode(409);

        // The source is told the new deadline, in its own words.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay("TEST_PUSH");
            assertThat(api.findAll(postRequestedFor(urlPathEqualTo("/test-push/" + bh + "/deadline")))).hasSize(1);
        });
        LoggedRequest told = api.findAll(postRequestedFor(urlPathEqualTo("/test-push/" + bh + "/deadline"))).get(0);
        JsonNode body = json.readTree(told.getBodyAsString());
        assertThat(body.path("bh").asText()).isEqualTo(bh);
        assertThat(body.path("qx").asText()).isEqualTo(extended.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai"))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));

        // The timeline says who asked, who decided, and what.
        JsonNode history = json.readTree(given().get("/api/v1/disputes/" + id).then().statusCode(200).extract()
                .asString()).path("history");
        assertThat(history.findValuesAsText("event")).containsSubsequence("EXTENSION_REQUESTED", "EXTENSION_APPROVED");
    }

    @Test
    void aRefusalLeavesTheDeadlineAndTheCapCountsEveryRequest() throws Exception {
        try (HandlerQueues queues = HandlerQueues.embedded()) {
            refusedThenApproved(queues);
        }
    }

    private void refusedThenApproved(HandlerQueues queues) throws Exception {
        String id = signedCase("TP-" + UUID.randomUUID());
        OffsetDateTime due = dueAt(id);

        event(id, ask(5)).statusCode(200);
        // A refusal needs its reason.
        event(id, Map.of("type", "EXTENSION_REFUSED", "handlerId", ZHUJI_CENTRE)).statusCode(400)
                .body("errors.field", hasItem("reason"));
        event(id, Map.of("type", "EXTENSION_REFUSED", "handlerId", ZHUJI_CENTRE, "reason", "期限内可办结"))
                .statusCode(200);
        assertThat(dueAt(id)).isEqualTo(due);

        // Asked again; the city centre may decide for any county: all the days asked.
        event(id, ask(3)).statusCode(200);
        event(id, Map.of("type", "EXTENSION_APPROVED", "handlerId", CITY_CENTRE)).statusCode(200);
        assertThat(dueAt(id)).isEqualTo(due.plusDays(3));

        // The county centre heard of each request (the second too, though the deadline was the same),
        // the township of each decision.
        assertThat(queues.notices(ZHUJI_CENTRE, id)).containsExactly(
                "EXTENSION_REQUEST: 诸暨市枫桥镇申请延期5天，请审批", "EXTENSION_REQUEST: 诸暨市枫桥镇申请延期3天，请审批");
        assertThat(queues.notices(FENGQIAO, id)).containsExactly(
                "EXTENSION_REFUSED: 延期申请未获批准，请按原期限办理", "EXTENSION_APPROVED: 延期申请已批准，延期3天");

        // Two requests, refused or approved, are all a dispute may have.
        given().header("Accept-Language", "zh-CN").contentType(ContentType.JSON).body(ask(2))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(409)
                .body("detail", equalTo("该纠纷已申请延期 2 次，已达上限"));
        List<String> events = json.readTree(given().get("/api/v1/disputes/" + id).then().extract().asString())
                .path("history").findValuesAsText("event");
        assertThat(events).containsSubsequence("EXTENSION_REQUESTED", "EXTENSION_REFUSED", "EXTENSION_REQUESTED",
                "EXTENSION_APPROVED");
    }
}
