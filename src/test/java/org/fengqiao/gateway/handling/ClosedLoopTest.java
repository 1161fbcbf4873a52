package org.fengqiao.gateway.handling;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.evaluate;
import static org.fengqiao.gateway.support.GatewayApi.event;
import static org.fengqiao.gateway.support.GatewayApi.handler;
import static org.fengqiao.gateway.support.GatewayApi.historySize;
import static org.fengqiao.gateway.support.GatewayApi.postWorkOrder;
import static org.fengqiao.gateway.support.GatewayApi.status;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.fengqiao.gateway.canonical.EventType;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closed loop for a hotline work order: in, routed, signed, worked, resolved, fed back to the
 * hotline's API (the simulator in mappings/), evaluated, closed or reopened; returns and
 * re-assignment; refusals; and the feedback outbox through the hotline's faults.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ClosedLoopTest {

    static final String DIANKOU = "330681104";
    static final String HOTLINE = "HOTLINE_12345";
    static HandlerQueues queues;

    @Inject
    FeedbackRelay relay;
    @Inject
    ObjectMapper json;

    WireMockServer hotline;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @BeforeEach
    void simulator() {
        hotline = WireMockSimulators.server();
        hotline.resetRequests();
        hotline.resetScenarios();
    }

    @AfterEach
    void removeFaults() {
        hotline.resetScenarios();
        hotline.listAllStubMappings().getMappings().stream()
                .filter(m -> m.getMetadata() != null && m.getMetadata().containsKey("test"))
                .forEach(hotline::removeStubMapping);
    }

    @Test
    void fromWorkOrderToClosedThroughReopening() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        queues.drain(queue(DIANKOU), 100);
        String id = postWorkOrder(gdbh, "诸暨市店口镇解放路18号");
        assertThat(queues.drain(queue(DIANKOU), 5000)).extracting(m -> m.getStringProperty("disputeId"))
                .containsExactly(id);

        event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU, "actor", "店口镇矛调中心")).statusCode(200)
                .body("status", equalTo("SIGNED"));
        event(id, Map.of("type", "PROGRESS", "handlerId", DIANKOU, "note", "已约双方到村调解室")).statusCode(200)
                .body("status", equalTo("IN_PROGRESS"));
        event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED", "note", "双方达成协议",
                "agreement", "夜间不再施工")).statusCode(200).body("status", equalTo("RESOLVED"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            status(id, "FEEDBACK_SENT");
        });
        List<LoggedRequest> calls = callsFor("/open/workorder/sign", gdbh);
        assertThat(calls).hasSize(1);
        assertThat(json.readTree(calls.get(0).getBodyAsString()).path("qsdw").asText()).isEqualTo("诸暨市店口镇");
        List<LoggedRequest> feedback = callsFor("/open/workorder/feedback", gdbh);
        assertThat(feedback).extracting(r -> json.readTree(r.getBodyAsString()).path("blzt").asText())
                .containsExactly("办理中", "已办结");
        status(id, "FEEDBACK_SENT");

        // 不满意: back to the same township with a new due date.
        evaluate(gdbh, "不满意").statusCode(200).body("status", equalTo("REOPENED"));
        List<TextMessage> again = queues.drain(queue(DIANKOU), 5000);
        assertThat(again).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
        assertThat(json.readTree(again.get(0).getText()).path("status").asText()).isEqualTo("REOPENED");
        event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED", "note", "再次调解"))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            status(id, "FEEDBACK_SENT");
        });
        evaluate(gdbh, "满意").statusCode(200).body("status", equalTo("CLOSED"));

        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.status", equalTo("CLOSED"))
                .body("history.event", equalTo(List.of("RECEIVED", "DISPATCHED", "SIGNED", "PROGRESS", "RESOLVED",
                        "FEEDBACK_SENT", "REOPENED", "DISPATCHED", "SIGNED", "RESOLVED", "FEEDBACK_SENT", "EVALUATED",
                        "CLOSED")));
    }

    @Test
    void aHandlerThatDoesNotHoldTheDisputeIsRefusedAndNothingChanges() throws Exception {
        String id = postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        int before = historySize(id);
        event(id, Map.of("type", "SIGNED", "handlerId", "330681109")).statusCode(403)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("code", equalTo("FORBIDDEN"));
        event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED")).statusCode(409)
                .body("code", equalTo("CONFLICT")).body("currentState", equalTo("DISPATCHED"));
        event(id, Map.of("type", "NONSENSE", "handlerId", DIANKOU)).statusCode(400)
                .body("errors.field", equalTo(List.of("type")));
        assertThat(historySize(id)).isEqualTo(before);
        status(id, "DISPATCHED");
    }

    /**
     * A type or an outcome that is none of the names is refused naming the field and the names allowed,
     * in the client's language, beside the event's other faults and after the check of who sends it,
     * over HTTP and on the queue alike. A digit is no name: it does not pick a constant by position.
     */
    @Test
    void anUnknownTypeOrOutcomeIsRefusedNamingTheAllowedNames() throws Exception {
        String id = postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        int before = historySize(id);
        String types = List.of(EventType.values()).toString();
        String outcomes = List.of(ResolutionOutcome.values()).toString();
        event(id, Map.of("type", "1", "handlerId", DIANKOU)).statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("errors.field", equalTo(List.of("type")))
                .body("errors.message", equalTo(List.of("must be one of " + types)));
        event(id, Map.of("type", "signed")).statusCode(400)
                .body("errors.field", equalTo(List.of("handlerId", "type")));
        given().header("Accept-Language", "zh-CN").contentType(ContentType.JSON)
                .body(Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "SETTLED"))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(400)
                .body("errors.field", equalTo(List.of("outcome")))
                .body("errors.message", equalTo(List.of("必须是以下之一：" + outcomes)));
        // Who may send it is checked first, as for any event.
        given().header("X-Handler-Id", "330681109").contentType(ContentType.JSON)
                .body(Map.of("type", "NONSENSE", "handlerId", DIANKOU))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(403).body("code", equalTo("FORBIDDEN"));

        queues.drain("DLQ.dispute.events", 100);
        String url = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
        try (HandlerQueues diankou = new HandlerQueues(url, DIANKOU, "dev-" + DIANKOU);
                Session session = diankou.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            for (Map<String, String> event : List.of(Map.of("type", "NONSENSE", "disputeId", id, "handlerId", DIANKOU),
                    Map.of("type", "RESOLVED", "disputeId", id, "handlerId", DIANKOU, "outcome", "SETTLED"),
                    Map.of("type", "NONSENSE", "disputeId", id))) {
                producer.send(session.createTextMessage(json.writeValueAsString(event)));
            }
        }
        try (HandlerQueues fengqiao = new HandlerQueues(url, "330681109", "dev-330681109");
                Session session = fengqiao.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            producer.send(session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "NONSENSE", "disputeId", id, "handlerId", DIANKOU))));
        }
        List<TextMessage> refused = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            refused.addAll(queues.drain("DLQ.dispute.events", 500));
            return refused.size() >= 4;
        });
        assertThat(refused).extracting(r -> r.getStringProperty("refusalCode") + " " + r.getStringProperty("refusalReason"))
                .containsExactlyInAnyOrder("INVALID_REQUEST [type must be one of " + types + "]",
                        "INVALID_REQUEST [outcome must be one of " + outcomes + "]",
                        "INVALID_REQUEST [handlerId is required, type must be one of " + types + "]",
                        "FORBIDDEN broker user 330681109 may not send events as " + DIANKOU);
        assertThat(historySize(id)).isEqualTo(before);
        status(id, "DISPATCHED");
    }

    @Test
    void eventsArriveOnTheEventsQueueAndRefusedOnesAreDeadLetteredWithTheReason() throws Exception {
        String id = postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        queues.drain("DLQ.dispute.events", 100);
        String url = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
        // Each township sends as its own broker user: 枫桥镇 for a dispute it does not hold, then as 店口镇
        // (impersonation), then 店口镇 itself.
        try (HandlerQueues fengqiao = new HandlerQueues(url, "330681109", "dev-330681109");
                Session session = fengqiao.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            producer.send(session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", "330681109"))));
            producer.send(session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", DIANKOU))));
        }
        try (HandlerQueues diankou = new HandlerQueues(url, DIANKOU, "dev-" + DIANKOU);
                Session session = diankou.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            producer.send(session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", DIANKOU))));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(id, "SIGNED"));
        List<TextMessage> refused = queues.drain("DLQ.dispute.events", 5000);
        assertThat(refused).hasSize(2);
        assertThat(refused).extracting(r -> r.getStringProperty("refusalCode")).containsOnly("FORBIDDEN");
        assertThat(refused).extracting(r -> r.getStringProperty("refusalReason"))
                .anyMatch(reason -> reason.contains("does not hold"))
                .anyMatch(reason -> reason.contains("may not send events as " + DIANKOU));
        Message m = refused.get(0);
        assertThat(m.getStringProperty("refusalReason")).contains("330681109");
        given().get("/api/v1/disputes/" + id).then()
                .body("history.findAll { it.event == 'SIGNED' }.handlerId", equalTo(List.of(DIANKOU)));
    }

    @Test
    void returnsAreReRoutedWithoutTheReturnersThenTriageReassigns() throws Exception {
        // A medical dispute: the county's medical mediation first, then the township, then triage.
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("flmc", "医疗纠纷");
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random()));
        order.put("fsdz", "诸暨市店口镇某诊所");
        String id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        assertThat(handler(id)).isEqualTo("330681-MEDIATION-MEDICAL");

        event(id, Map.of("type", "RETURNED", "handlerId", "330681-MEDIATION-MEDICAL", "reason", "非医疗损害"))
                .statusCode(200).body("status", equalTo("RETURNED"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(id, "DISPATCHED"));
        assertThat(handler(id)).isEqualTo(DIANKOU);
        assertThat(queues.drain(queue(DIANKOU), 5000)).extracting(m -> m.getStringProperty("disputeId")).contains(id);

        event(id, Map.of("type", "RETURNED", "handlerId", DIANKOU, "reason", "不属本镇")).statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(id, "DISPATCHED"));
        assertThat(handler(id)).isEqualTo("330681-TRIAGE");

        // Only the county's triage desk may reassign; it sends the item to 枫桥镇.
        event(id, Map.of("type", "REASSIGNED", "handlerId", DIANKOU, "toHandlerId", "330681109", "reason", "x"))
                .statusCode(403);
        event(id, Map.of("type", "REASSIGNED", "handlerId", "330681-TRIAGE", "toHandlerId", "330681109",
                "reason", "实际发生地在枫桥镇")).statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(id, "DISPATCHED"));
        assertThat(handler(id)).isEqualTo("330681109");
        List<TextMessage> delivered = queues.drain(queue("330681109"), 5000);
        assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).contains(id);
    }

    @Test
    void feedbackWaitsOutTheSimulatorsFaultsAndAnOutageAndIsDeliveredOnceInOrder() throws Exception {
        // mappings/hotline/faults: the hotline misbehaves for work orders with these prefixes.
        List<String> faulty = new java.util.ArrayList<>();
        for (String prefix : List.of("FAULT-500-", "FAULT-SLOW-", "FAULT-RESET-")) {
            String gdbh = prefix + WorkOrders.newGdbh();
            String id = postWorkOrder(gdbh, "诸暨市店口镇解放路18号");
            event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
            event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "FAILED", "note", "调解不成"))
                    .statusCode(200);
            faulty.add(id);
        }
        for (int round = 0; round < 2; round++) {
            TestClock.advance(Duration.ofHours(1));
            relay.relay(HOTLINE);
        }
        for (String id : faulty) {
            status(id, "RESOLVED"); // the sign was never taken, so the result has not gone either
        }
        assertThat(hotline.findAll(postRequestedFor(urlPathEqualTo("/open/workorder/feedback")))
                .stream().filter(r -> r.getBodyAsString().contains("FAULT-"))).isEmpty();

        // The hotline is repaired: everything waiting goes out, each call once, the sign before the result.
        hotline.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/open/workorder/.*"))
                .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"code\":0}"))
                .withMetadata(Map.of("test", true)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestClock.advance(Duration.ofHours(1));
            relay.relay(HOTLINE);
            for (String id : faulty) {
                status(id, "FEEDBACK_SENT");
            }
        });
        removeFaults();

        // An outage that ends: three 503s, then the hotline is back.
        String gdbh = "FAULT-OUTAGE-" + WorkOrders.newGdbh();
        String id = postWorkOrder(gdbh, "诸暨市店口镇解放路18号");
        event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED", "note", "达成协议"))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestClock.advance(Duration.ofHours(1));
            relay.relay(HOTLINE);
            status(id, "FEEDBACK_SENT");
        });
        List<LoggedRequest> signs = callsFor("/open/workorder/sign", gdbh);
        List<LoggedRequest> result = callsFor("/open/workorder/feedback", gdbh);
        assertThat(signs).hasSizeGreaterThanOrEqualTo(4); // three refused, one taken
        assertThat(result).hasSize(1);
        // Every attempt of the sign carried the same idempotency key: the hotline counts it once.
        assertThat(signs).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(signs.get(0).getHeader(
                "Idempotency-Key"));
        assertThat(result.get(0).getLoggedDate()).isAfterOrEqualTo(signs.get(signs.size() - 1).getLoggedDate());
        assertThat(Metrics.scrape()).contains("gateway_feedback_failures_total{source=\"HOTLINE_12345\"}");
    }

    @Test
    void aWorkOrderTheCentreDoesNotTakeGoesBackToTheHotline() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        String id = postWorkOrder(gdbh, "老街口");
        assertThat(handler(id)).isEqualTo("330681-TRIAGE"); // the work order names the county (xzqh)
        event(id, Map.of("type", "REJECTED", "handlerId", DIANKOU, "reason", "x")).statusCode(403);
        event(id, Map.of("type", "REJECTED", "handlerId", "330681-TRIAGE", "reason", "不属于本市社会矛盾纠纷"))
                .statusCode(200).body("status", equalTo("REJECTED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            status(id, "CLOSED");
        });
        List<LoggedRequest> returned = callsFor("/open/workorder/return", gdbh);
        assertThat(returned).hasSize(1);
        assertThat(json.readTree(returned.get(0).getBodyAsString()).path("thyy").asText()).isEqualTo("不属于本市社会矛盾纠纷");
    }

    @Test
    void pastTheRetryBudgetFeedbackIsADeadLetterUntilReDriven() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        String id = postWorkOrder(gdbh, "诸暨市店口镇解放路18号");
        fault("/open/workorder/sign", aResponse().withStatus(503));
        event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            TestClock.advance(Duration.ofHours(2));
            relay.relay(HOTLINE);
            return deadLetterOf(id) != null;
        });
        Map<String, Object> dead = deadLetterOf(id);
        assertThat(dead.get("kind")).isEqualTo("SIGN");
        assertThat(((Number) dead.get("attempts")).intValue()).isEqualTo(4);
        assertThat(Metrics.scrape()).contains("gateway_feedback_dead_total{source=\"HOTLINE_12345\"}");

        removeFaults();
        given().post("/api/v1/feedback/dead-letters/" + dead.get("id") + "/redrive").then().statusCode(202);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            relay.relay(HOTLINE);
            assertThat(callsFor("/open/workorder/sign", gdbh).stream()
                    .filter(r -> r.getLoggedDate() != null)).isNotEmpty();
            assertThat(deadLetterOf(id)).isNull();
            given().get("/api/v1/disputes/" + id).then().body("dispute.status", equalTo("SIGNED"));
        });
        // The re-drive is an act in the dispute's timeline: by the operator, in person.
        given().get("/api/v1/disputes/" + id).then()
                .body("history.findAll { it.event == 'FEEDBACK_REDRIVEN' }.actor", equalTo(List.of("operator")))
                .body("history.findAll { it.event == 'FEEDBACK_REDRIVEN' }.person", equalTo(List.of("operator")));
        given().get("/api/v1/feedback/dead-letters/").then().statusCode(200);
    }

    @Test
    void eachCentreListsTheDeadLettersOfItsOwnCountyOnly() throws Exception {
        String zhuji = postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", "浙江省绍兴市嵊州市长乐镇太平村");
        order.put("xzqh", "330683");
        order.put("sqr", Map.of("xm", "测试乙", "sfzh", IdNumbers.random(), "lxdh", "13900002222"));
        String shengzhou = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        assertThat(handler(shengzhou)).startsWith("330683");
        fault("/open/workorder/sign", aResponse().withStatus(503));
        event(zhuji, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        event(shengzhou, Map.of("type", "SIGNED", "handlerId", handler(shengzhou))).statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            TestClock.advance(Duration.ofHours(2));
            relay.relay(HOTLINE);
            return deadLetterOf(zhuji) != null && deadLetterOf(shengzhou) != null;
        });

        assertThat(deadLettersAs("330681-CENTRE")).contains(zhuji).doesNotContain(shengzhou);
        assertThat(deadLettersAs("330683-CENTRE")).contains(shengzhou).doesNotContain(zhuji);
        assertThat(deadLettersAs("3306-CENTRE")).contains(zhuji, shengzhou);
        assertThat(deadLettersAs("operator")).contains(zhuji, shengzhou);
        given().header("X-Handler-Id", "330681-TRIAGE").get("/api/v1/feedback/dead-letters").then().statusCode(403);
    }

    // --- helpers

    private List<LoggedRequest> callsFor(String path, String gdbh) {
        return hotline.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .filter(r -> {
                    try {
                        return gdbh.equals(json.readTree(r.getBodyAsString()).path("gdbh").asText());
                    } catch (Exception e) {
                        return false;
                    }
                }).toList();
    }

    /** The disputes of the dead letters the caller is shown. */
    private List<String> deadLettersAs(String caller) {
        return given().header("X-Handler-Id", caller).get("/api/v1/feedback/dead-letters").then().statusCode(200)
                .extract().path("items.disputeId");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> deadLetterOf(String id) {
        List<Map<String, Object>> items = given().queryParam("source", HOTLINE).get("/api/v1/feedback/dead-letters")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> id.equals(i.get("disputeId"))).findFirst().orElse(null);
    }

    private void fault(String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        hotline.stubFor(post(urlPathEqualTo(path)).atPriority(1).willReturn(response)
                .withMetadata(Map.of("test", true)));
    }







    private static String queue(String handler) {
        return "dispute.handler." + handler;
    }

}
