package org.fengqiao.gateway.warning;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.camel.CamelContext;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.intake.polling.PollingLease;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.ledger.SourceCursors;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.PollingRoutes;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules of config/warning-rules.yaml, each tripped and not tripped near its threshold,
 * through the sources' doors (hotline, grid worker, the police platform's polled pages), handler
 * events and evaluations; the rounds run as their timers run them, time moves on the test clock; the
 * warnings are read over REST as the county centre reads them and from its notice queue.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class RiskWarningsTest {

    static final String CENTRE = "330681-CENTRE";
    static final String DIANKOU = "330681104";
    static final String NOTICES = "dispute.notice." + CENTRE;
    static final String ADDRESS = "诸暨市店口镇解放路18号";
    static HandlerQueues queues;

    @Inject
    WarningRounds rounds;
    @Inject
    DisputeLedger ledger;
    @Inject
    SourceCursors cursors;
    @Inject
    InstanceLeases leases;
    @Inject
    CamelContext camel;
    @Inject
    FeedbackRelay relay;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @AfterEach
    void removeTestPages() {
        WireMockServer platform = WireMockSimulators.server();
        platform.listAllStubMappings().getMappings().stream()
                .filter(m -> m.getMetadata() != null && m.getMetadata().containsKey("warning-test"))
                .forEach(platform::removeStubMapping);
    }

    @Test
    void aPartyInThreeDisputesFromAnySourceIsARepeatPartyInTwoItIsNot() throws Exception {
        String idNumber = IdNumbers.random();
        String first = postOrder(idNumber, "邻里纠纷", "一般", ADDRESS);
        String second = postGridReport(idNumber, 2);
        rounds.arrivals();
        assertThat(raised("repeat-party", first)).isEmpty();
        assertThat(raised("repeat-party", second)).isEmpty();

        String third = postOrder(idNumber, "邻里纠纷", "一般", ADDRESS);
        rounds.arrivals();
        List<JsonNode> warnings = raised("repeat-party", third);
        assertThat(warnings).hasSize(1);
        JsonNode warning = warnings.get(0);
        assertThat(ids(warning)).containsExactlyInAnyOrder(first, second, third);
        assertThat(warning.path("ruleName").asText()).isEqualTo("重复访、缠访");
        assertThat(warning.path("status").asText()).isEqualTo("OPEN");
        assertThat(warning.path("subject").asText()).as("the person, masked")
                .contains(Masking.idNumber(idNumber)).doesNotContain(idNumber);

        // Once per subject and window: a fourth dispute joins the warning, nothing new is raised.
        String fourth = postOrder(idNumber, "邻里纠纷", "一般", ADDRESS);
        rounds.arrivals();
        List<JsonNode> again = raised("repeat-party", fourth);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).path("id").asLong()).isEqualTo(warning.path("id").asLong());
        assertThat(ids(again.get(0))).containsExactlyInAnyOrder(first, second, third, fourth);
    }

    @Test
    void fivePeopleAreAGroupMatterFourAreNotAndTheCentreHearsOfIt() throws Exception {
        String four = postGridReport(IdNumbers.random(), 4);
        String five = postGridReport(IdNumbers.random(), 5);
        queues.drain(NOTICES, 100);
        rounds.arrivals();
        assertThat(raised("group-matter", four)).isEmpty();
        List<JsonNode> warnings = raised("group-matter", five);
        assertThat(warnings).hasSize(1);
        long id = warnings.get(0).path("id").asLong();

        List<TextMessage> notices = warningNotices(NOTICES, id, 5000);
        assertThat(notices).hasSize(1);
        JsonNode notice = json.readTree(notices.get(0).getText());
        assertThat(notices.get(0).getStringProperty("noticeType")).isEqualTo("WARNING");
        assertThat(notice.path("ruleName").asText()).isEqualTo("群体性纠纷");
        assertThat(notice.path("disputeIds").get(0).asText()).isEqualTo(five);
        assertThat(notice.path("townshipCode").asText()).isEqualTo("330681109");

        // Another round raises nothing again and sends nothing again.
        rounds.arrivals();
        assertThat(raised("group-matter", five)).hasSize(1);
        assertThat(warningNotices(NOTICES, id, 1000)).isEmpty();
    }

    @Test
    void thePolicePlatformsRedRiskAndGroupFlagAndAFightAfterANeighbourDispute() throws Exception {
        String idNumber = IdNumbers.random();
        String neighbour = postOrder(idNumber, "邻里纠纷", "一般", ADDRESS);
        Map<String, Object> red = policeItem("红", false, "300100", IdNumbers.random());
        Map<String, Object> orange = policeItem("橙", false, "300100", IdNumbers.random());
        Map<String, Object> group = policeItem("黄", true, "300100", IdNumbers.random());
        Map<String, Object> fight = policeItem("黄", false, "200200", idNumber);
        Map<String, Object> strangers = policeItem("黄", false, "200200", IdNumbers.random());
        Map<String, Object> family = policeItem("黄", false, "200600", IdNumbers.random());
        pollPolice(List.of(red, orange, group, fight, strangers, family));
        rounds.arrivals();

        assertThat(raised("red-risk", police(red))).hasSize(1);
        assertThat(raised("red-risk", police(orange))).isEmpty();
        assertThat(raised("group-matter", police(group))).hasSize(1);
        assertThat(raised("group-matter", police(orange))).isEmpty();
        List<JsonNode> escalating = raised("escalating-conflict", police(fight));
        assertThat(escalating).hasSize(1);
        assertThat(ids(escalating.get(0))).containsExactlyInAnyOrder(neighbour, police(fight));
        assertThat(escalating.get(0).path("ruleName").asText()).isEqualTo("民转刑风险");
        assertThat(raised("escalating-conflict", police(strangers))).as("a fight of other people").isEmpty();
        assertThat(raised("escalating-conflict", neighbour)).hasSize(1);

        // The same party in a family record (not a fight) after the neighbour dispute: no 民转刑 risk.
        String otherId = IdNumbers.random();
        String otherNeighbour = postOrder(otherId, "邻里纠纷", "一般", ADDRESS);
        Map<String, Object> familyOnly = policeItem("黄", false, "200600", otherId);
        pollPolice(List.of(familyOnly));
        rounds.arrivals();
        assertThat(raised("escalating-conflict", police(familyOnly))).isEmpty();
        assertThat(raised("escalating-conflict", otherNeighbour)).isEmpty();
    }

    @Test
    void anUrgentDisputeUnsignedAfterTwoHoursIsARedRiskOneSignedIsNot() throws Exception {
        String unsigned = postOrder(IdNumbers.random(), "邻里纠纷", "紧急", ADDRESS);
        String signed = postOrder(IdNumbers.random(), "邻里纠纷", "紧急", ADDRESS);
        String normal = postOrder(IdNumbers.random(), "邻里纠纷", "一般", ADDRESS);
        GatewayApi.event(signed, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        OffsetDateTime received = OffsetDateTime.parse(GatewayApi.disputeField(normal, "dispute.source.receivedAt"));

        TestClock.moveTo(received.plusHours(2).minusMinutes(5));
        rounds.scheduled();
        assertThat(raised("red-risk", unsigned)).isEmpty();

        TestClock.moveTo(received.plusHours(2).plusMinutes(1));
        rounds.scheduled();
        assertThat(raised("red-risk", unsigned)).hasSize(1);
        assertThat(raised("red-risk", signed)).isEmpty();
        assertThat(raised("red-risk", normal)).isEmpty();
        rounds.scheduled();
        assertThat(raised("red-risk", unsigned)).hasSize(1);
    }

    @Test
    void aTownshipsDayAboveThreeTimesItsDailyAverageIsASurgeAtThreeTimesItIsNot() throws Exception {
        // 甘霖镇 of 嵊州市, environmental complaints: a township and category no other test uses.
        LocalDate day = OffsetDateTime.now(clock).atZoneSameInstant(GatewayTime.ZONE).toLocalDate().plusDays(1);
        TestClock.moveTo(day.atTime(9, 0).atZone(GatewayTime.ZONE).toOffsetDateTime());
        // 60 on one day of the trailing 30: an average of 2 a day, so 6 the next day is no surge, 7 is.
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            before.add(postSurgeOrder());
        }
        TestClock.moveTo(day.plusDays(1).atTime(9, 0).atZone(GatewayTime.ZONE).toOffsetDateTime());
        List<String> today = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            today.add(postSurgeOrder());
        }
        rounds.scheduled();
        assertThat(raised("surge", today.get(5), "330683-CENTRE", "330683")).isEmpty();

        today.add(postSurgeOrder());
        rounds.scheduled();
        List<JsonNode> surge = raised("surge", today.get(6), "330683-CENTRE", "330683");
        assertThat(surge).hasSize(1);
        assertThat(ids(surge.get(0))).containsExactlyInAnyOrderElementsOf(today).doesNotContainAnyElementsOf(before);
        assertThat(surge.get(0).path("subject").asText()).contains("甘霖镇", "环境污染");
        assertThat(surge.get(0).path("townshipCode").asText()).isEqualTo("330683100");

        // The same day again: the warning stands, the new dispute joins it.
        String eighth = postSurgeOrder();
        rounds.scheduled();
        List<JsonNode> again = raised("surge", eighth, "330683-CENTRE", "330683");
        assertThat(again).extracting(w -> w.path("id").asLong()).containsExactly(surge.get(0).path("id").asLong());
    }

    @Test
    void aDisputeOpenSixtyDaysIsLongUnresolvedAnHourLessIsNot() throws Exception {
        String open = postOrder(IdNumbers.random(), "邻里纠纷", "一般", ADDRESS);
        String resolved = postOrder(IdNumbers.random(), "邻里纠纷", "一般", ADDRESS);
        GatewayApi.event(resolved, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        GatewayApi.event(resolved, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED",
                "note", "调解成功")).statusCode(200);
        OffsetDateTime received = OffsetDateTime.parse(GatewayApi.disputeField(open, "dispute.source.receivedAt"));

        TestClock.moveTo(received.plusDays(60).minusHours(1));
        rounds.scheduled();
        assertThat(raised("long-unresolved", open)).isEmpty();

        TestClock.moveTo(received.plusDays(60).plusMinutes(1));
        rounds.scheduled();
        assertThat(raised("long-unresolved", open)).hasSize(1);
        assertThat(raised("long-unresolved", resolved)).isEmpty();
    }

    @Test
    void aDisputeReopenedTwiceIsLongUnresolvedOnceIsNot() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        Map<String, Object> order = order(gdbh, IdNumbers.random(), "邻里纠纷", "一般", ADDRESS);
        String id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        reopen(id, gdbh);
        rounds.arrivals();
        assertThat(raised("long-unresolved", id)).isEmpty();

        reopen(id, gdbh);
        rounds.arrivals();
        assertThat(raised("long-unresolved", id)).hasSize(1);
    }

    @Test
    void theCountyCentreAcknowledgesAWarningOnceWithANoteOthersMayNot() throws Exception {
        String id = postGridReport(IdNumbers.random(), 7);
        rounds.arrivals();
        long warning = raised("group-matter", id).get(0).path("id").asLong();
        String path = "/api/v1/warnings/" + warning + "/acknowledgement";

        given().header("X-Handler-Id", DIANKOU).contentType(ContentType.JSON).body(Map.of("note", "已阅"))
                .post(path).then().statusCode(403);
        given().header("X-Handler-Id", "330683-CENTRE").contentType(ContentType.JSON).body(Map.of("note", "已阅"))
                .post(path).then().statusCode(404);
        given().header("X-Handler-Id", CENTRE).contentType(ContentType.JSON).body(Map.of("note", " "))
                .post(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.equalTo(List.of("note")));
        given().header("X-Handler-Id", CENTRE).contentType(ContentType.JSON).body("{not json")
                .post(path).then().statusCode(400).body("errors.field", org.hamcrest.Matchers.equalTo(List.of("body")));

        JsonNode done = json.readTree(given().header("X-Handler-Id", CENTRE).contentType(ContentType.JSON)
                .body(Map.of("note", "已约谈双方，联系电话13900001111，转枫桥镇重点跟进")).post(path).then()
                .statusCode(200).extract().asString());
        assertThat(done.path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(done.path("acknowledgedBy").asText()).isEqualTo(CENTRE);
        assertThat(done.path("acknowledgedAt").asText()).isNotEmpty();
        assertThat(done.path("note").asText()).contains("已约谈双方", "139****1111").doesNotContain("13900001111");

        given().header("X-Handler-Id", CENTRE).contentType(ContentType.JSON).body(Map.of("note", "再次"))
                .post(path).then().statusCode(409).body("currentState", org.hamcrest.Matchers.equalTo("ACKNOWLEDGED"));

        // The list by status; the city's centre sees the county's warnings too.
        given().header("X-Handler-Id", CENTRE).queryParam("status", "ACKNOWLEDGED").get("/api/v1/warnings").then()
                .statusCode(200).body("items.id", hasItem((int) warning));
        given().header("X-Handler-Id", CENTRE).queryParam("status", "OPEN").get("/api/v1/warnings").then()
                .statusCode(200).body("items.id", not(hasItem((int) warning)));
        given().header("X-Handler-Id", "3306-CENTRE").queryParam("area", "330681").get("/api/v1/warnings").then()
                .statusCode(200).body("items.id", hasItem((int) warning));

        // Refusals name the field; a township reads no warnings.
        given().header("X-Handler-Id", CENTRE).queryParam("status", "DONE").get("/api/v1/warnings").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.equalTo(List.of("status")));
        given().header("X-Handler-Id", CENTRE).queryParam("area", "330683").get("/api/v1/warnings").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.equalTo(List.of("area")));
        given().header("X-Handler-Id", CENTRE).queryParam("from", "2026-13-01").get("/api/v1/warnings").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.equalTo(List.of("from")));
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/warnings").then().statusCode(403);
    }

    @Test
    void theArrivalsRouteRaisesWarningsOnItsTimer() throws Exception {
        // Off in the tests; started here as the gateway starts it.
        camel.getRouteController().startRoute(WarningRoutes.ARRIVALS_ROUTE);
        try {
            String id = postGridReport(IdNumbers.random(), 6);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(raised("group-matter", id)).hasSize(1));
        } finally {
            camel.getRouteController().stopRoute(WarningRoutes.ARRIVALS_ROUTE);
        }
    }

    @Test
    void onlyTheInstanceHoldingTheLeaseRunsARound() throws Exception {
        // Another instance takes the lease once this one's has run out: this one's rounds do nothing.
        TestClock.advance(Duration.ofMinutes(3));
        OffsetDateTime now = GatewayTime.now(clock);
        assertThat(leases.tryAcquire(WarningRounds.ARRIVALS_LEASE, "instance-b", now, Duration.ofMinutes(2))).isTrue();
        String id = postGridReport(IdNumbers.random(), 9);
        try {
            assertThat(rounds.arrivals()).isEqualTo(WarningRounds.Round.NONE);
            assertThat(raised("group-matter", id)).isEmpty();
        } finally {
            leases.release(WarningRounds.ARRIVALS_LEASE, "instance-b");
        }
        rounds.arrivals();
        assertThat(raised("group-matter", id)).hasSize(1);
    }

    // ---- the doors ----

    private void reopen(String id, String gdbh) {
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED", "note", "调解"))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            relay.relay("HOTLINE_12345");
            GatewayApi.status(id, "FEEDBACK_SENT");
        });
        GatewayApi.evaluate(gdbh, "不满意").statusCode(200);
    }

    static Map<String, Object> order(String gdbh, String idNumber, String category, String urgency, String address) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("fsdz", address);
        order.put("flmc", category);
        order.put("jjcd", urgency);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", idNumber, "lxdh", randomMobile()));
        return order;
    }

    private static String postOrder(String idNumber, String category, String urgency, String address) {
        Map<String, Object> order = order(WorkOrders.newGdbh(), idNumber, category, urgency, address);
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }

    private static String postSurgeOrder() {
        Map<String, Object> order = order(WorkOrders.newGdbh(), IdNumbers.random("330683"), "环境污染", "一般",
                "浙江省绍兴市嵊州市甘霖镇镇前路8号");
        order.put("xzqh", "330683");
        order.put("sqbt", "工厂夜间排放异味");
        order.put("sqnr", "甘霖镇镇前路附近工厂夜间排放刺激性气味，请求查处。");
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }

    /** A grid worker's report in 枫桥镇 with this many people involved, the first of them with this ID number. */
    static String postGridReport(String idNumber, int people) {
        Map<String, Object> report = GridReports.valid(GridReports.newSbbh());
        report.put("sjrs", people);
        report.put("sjry", new ArrayList<>(List.of(GridReports.person("测试村民甲", idNumber, randomMobile(), "反映人"),
                GridReports.person("测试村民乙", IdNumbers.random(), null, "对方当事人"))));
        return given().contentType(ContentType.JSON).body(GridReports.json(report))
                .post("/api/v1/sources/grid-worker/reports").then().statusCode(202).extract().path("disputeId");
    }

    private Map<String, Object> policeItem(String level, boolean group, String category, String idNumber) {
        Map<String, Object> item = new HashMap<>();
        item.put("jqbh", "J" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        item.put("jjsj", "2026-11-29T10:00:00+08:00");
        item.put("pcs", Map.of("dm", "330681460000", "mc", "诸暨市公安局枫桥派出所"));
        item.put("afdz", "诸暨市枫桥镇枫源村");
        item.put("jqlb", category);
        item.put("jyqk", "村民之间发生争执，民警到场处置");
        item.put("czqk", "现场调解未果");
        item.put("fxdj", level);
        item.put("sfqt", group);
        item.put("dsr", List.of(Map.of("xm", "测试己", "sfzh", idNumber, "js", "当事人")));
        return item;
    }

    /** One round of the police platform's polling, on a page of these items. */
    private void pollPolice(List<Map<String, Object>> items) throws Exception {
        TestClock.advance(Duration.ofHours(1));
        leases.release(PollingLease.of("POLICE_RISK"), "instance-b");
        String start = "warning-" + UUID.randomUUID();
        cursors.save("POLICE_RISK", start, OffsetDateTime.now(clock));
        Map<String, Object> body = new HashMap<>();
        body.put("items", items);
        body.put("nextCursor", null);
        WireMockSimulators.server().stubFor(get(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(start))
                .willReturn(okJson(json.writeValueAsString(body))).atPriority(1)
                .withMetadata(Map.of("warning-test", true)));
        new PollingRoutes(camel, "police-risk-poll").pollRound();
    }

    private String police(Map<String, Object> item) throws Exception {
        return ledger.findBySourceRecord("POLICE_RISK", (String) item.get("jqbh")).orElseThrow().disputeId();
    }

    static String randomMobile() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    // ---- what the centre reads ----

    /** The warnings of a rule that name this dispute among their evidence, as the county centre lists them. */
    private List<JsonNode> raised(String ruleId, String disputeId) throws Exception {
        return raised(ruleId, disputeId, CENTRE, "330681");
    }

    private List<JsonNode> raised(String ruleId, String disputeId, String centre, String area) throws Exception {
        JsonNode answer = json.readTree(given().header("X-Handler-Id", centre).queryParam("area", area)
                .queryParam("disputeId", disputeId).get("/api/v1/warnings").then().statusCode(200).extract().asString());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode w : answer.path("items")) {
            if (ruleId.equals(w.path("ruleId").asText()) && ids(w).contains(disputeId)) {
                out.add(w);
            }
        }
        return out;
    }

    private static List<String> ids(JsonNode warning) {
        List<String> ids = new ArrayList<>();
        warning.path("disputeIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static List<TextMessage> warningNotices(String queue, long warningId, long wait) throws JMSException {
        List<TextMessage> out = new ArrayList<>();
        for (TextMessage m : queues.drain(queue, wait)) {
            if (String.valueOf(warningId).equals(m.getStringProperty("warningId"))) {
                out.add(m);
            }
        }
        return out;
    }
}
