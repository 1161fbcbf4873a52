package org.fengqiao.gateway.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.intake.polling.PollingLease;
import org.fengqiao.gateway.intake.polling.PollingRound;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.ledger.IntakeRejections;
import org.fengqiao.gateway.ledger.SourceCursors;
import org.fengqiao.gateway.routing.CategoryClassifier;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.PollingRoutes;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The police platform does not push: the gateway polls it. Rounds are driven by the test (the
 * timer is off in tests) against the simulator in mappings/ plus per-test pages, and time moves on
 * the test clock.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class PolicePollerTest {

    static final String SYSTEM = "POLICE_RISK";
    /** The route id of routes/police.yaml's templatedRoute. */
    static final String ROUTE = "police-risk-poll";
    static final String FENGQIAO = "dispute.handler.330681109";
    static final String DIANKOU = "dispute.handler.330681104";
    static HandlerQueues queues;

    @Inject
    org.apache.camel.CamelContext camel;
    PollingRoutes poller;
    @Inject
    SourceCursors cursors;
    @Inject
    InstanceLeases leases;
    @Inject
    IntakeRejections rejections;
    @Inject
    CategoryClassifier categories;
    @Inject
    ObjectMapper json;
    @Inject
    java.time.Clock clock;
    @ConfigProperty(name = "gateway.sources.police.poll-interval")
    Duration pollInterval;
    @ConfigProperty(name = "gateway.sources.police.max-backoff")
    Duration maxBackoff;
    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "gateway.instance-id")
    String instanceId;

    WireMockServer platform;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @BeforeEach
    void freshPlatform() throws Exception {
        poller = new PollingRoutes(camel, ROUTE);
        platform = WireMockSimulators.server();
        platform.resetRequests();
        queues.drain(FENGQIAO, 100);
        queues.drain(DIANKOU, 100);
        queues.drain("dispute.handler.330681-LABOR-ARBITRATION", 100);
        // Leave the poller healthy and this instance free to poll.
        TestClock.advance(Duration.ofHours(1));
        leases.release(PollingLease.of(SYSTEM), "instance-b");
    }

    @AfterEach
    void removeTestPages() {
        platform.resetScenarios();
        platform.listAllStubMappings().getMappings().stream()
                .filter(m -> m.getMetadata() != null && m.getMetadata().containsKey("test"))
                .forEach(platform::removeStubMapping);
    }

    @Test
    void theSimulatorsFirstPageReachesTheQueuesAndEachItemIsReceipted() throws Exception {
        cursors.forget(SYSTEM);
        PollingRound.Result round = poller.pollRound();

        assertThat(round.outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        assertThat(round.accepted()).isEqualTo(2);
        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").asString();
        // The platform's item schema is published like every source's, from beside its definition.
        given().get("/api/v1/schemas/sources/police-risk-item.json").then().statusCode(200)
                .body("title", containsString("涉稳风险管控平台"));

        List<TextMessage> fengqiao = queues.drain(FENGQIAO, 5000);
        assertThat(fengqiao).hasSize(1);
        assertThat(CanonicalSchema.fromServedText(schema).problems(fengqiao.get(0).getText())).isEmpty();
        JsonNode homestead = json.readTree(fengqiao.get(0).getText());
        assertThat(homestead.at("/source/system").asText()).isEqualTo(SYSTEM);
        assertThat(homestead.at("/source/recordId").asText()).isEqualTo("J3306812026112900017");
        assertThat(homestead.at("/source/channel").asText()).isEqualTo("涉稳风险管控平台-诸暨市公安局枫桥派出所");
        assertThat(homestead.at("/title").asText()).as("the start of 简要情况").startsWith("两户村民因宅基地边界砌围墙");
        assertThat(homestead.at("/category/code").asText()).isEqualTo("HOUSING_HOMESTEAD"); // 200200 → keywords
        assertThat(homestead.at("/priorHandling").asText()).startsWith("现场劝解");
        assertThat(homestead.at("/risk/level").asText()).isEqualTo("MEDIUM");
        assertThat(homestead.at("/parties/0/role").asText()).isEqualTo("REPORTER");
        assertThat(homestead.at("/parties/1/role").asText()).isEqualTo("PARTY");

        List<TextMessage> labor = queues.drain("dispute.handler.330681-LABOR-ARBITRATION", 5000);
        assertThat(labor).hasSize(1);
        JsonNode wages = json.readTree(labor.get(0).getText());
        assertThat(wages.at("/category/code").asText()).isEqualTo("LABOR");
        assertThat(wages.at("/urgency").asText()).isEqualTo("URGENT");
        assertThat(wages.at("/risk/level").asText()).isEqualTo("HIGH");
        assertThat(wages.at("/risk/flags/0").asText()).isEqualTo("GROUP");
        assertThat(labor.get(0).getStringProperty("urgency")).isEqualTo("URGENT");

        platform.verify(postRequestedFor(urlPathEqualTo("/api/risk/disputes/J3306812026112900017/receipt"))
                .withHeader("Idempotency-Key", equalTo("receipt-J3306812026112900017")));
        // The receipt's body as routes/police.yaml declares it: the platform learns the dispute id.
        platform.verify(postRequestedFor(urlPathEqualTo("/api/risk/disputes/J3306812026112900017/receipt"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.jqbh", equalTo("J3306812026112900017")))
                .withRequestBody(matchingJsonPath("$.jsdw", equalTo("枫桥网关")))
                .withRequestBody(matchingJsonPath("$.sjbh", equalTo(homestead.at("/disputeId").asText())))
                .withRequestBody(matchingJsonPath("$.jssj", matching("\\d{4}-\\d{2}-\\d{2}T.*\\+08:00"))));
        platform.verify(postRequestedFor(urlPathEqualTo("/api/risk/disputes/J3306812026112900023/receipt")));
        assertThat(cursors.load(SYSTEM)).contains("20261129-0023");

        // Caught up: the next round asks from the cursor and keeps it.
        assertThat(poller.pollRound().items()).isZero();
        platform.verify(getRequestedFor(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since",
                equalTo("20261129-0023")));
        assertThat(cursors.load(SYSTEM)).contains("20261129-0023");
    }

    @Test
    void aRestartedGatewayResumesFromTheStoredCursor() throws Exception {
        String start = unique("r");
        String next = unique("r");
        cursors.save(SYSTEM, start, now());
        page(start, List.of(item("枫桥镇枫源村", "200200", "邻居因通行堵路发生纠纷")), next);
        page(next, List.of(item("枫桥镇枫源村", "200200", "邻居因滴水问题发生纠纷")), null);

        assertThat(poller.pollRound().accepted()).isEqualTo(1);
        assertThat(cursors.load(SYSTEM)).contains(next);

        // A new process: no memory of the last round, only the ledger. It releases nothing; the old
        // one stopped cleanly and gave its lease back.
        leases.release(PollingLease.of(SYSTEM), instanceId);
        String restartedId = "restarted-" + UUID.randomUUID();
        PollingRoutes restarted = secondInstance(restartedId);
        PollingRound.Result round = restarted.pollRound();
        leases.release(PollingLease.of(SYSTEM), restartedId);

        assertThat(round.outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        assertThat(round.accepted()).isEqualTo(1);
        platform.verify(1, getRequestedFor(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(start)));
        platform.verify(1, getRequestedFor(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(next)));
        assertThat(queues.drain(FENGQIAO, 3000)).hasSize(2);
    }

    /**
     * The timer starts no round while one is still working: the items of a page are taken side by
     * side on other threads, and a round that started beside an unfinished one read the same cursor
     * and took the same page again (a repeat of every item, a second receipt) for as long as the first
     * lasted.
     */
    @Test
    void theTimerStartsNoRoundWhileOneIsStillWorking() throws Exception {
        String start = unique("o");
        String next = unique("o");
        cursors.save(SYSTEM, start, now());
        Map<String, Object> slow = item("枫桥镇枫源村", "200200", "邻里因晾晒占道纠纷");
        page(start, List.of(slow), next);
        page(next, List.of(), null);
        // The platform takes three rounds' time to answer the receipt.
        platform.stubFor(post(urlPathEqualTo("/api/risk/disputes/" + x(slow) + "/receipt"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)).atPriority(1)
                .withMetadata(Map.of("test", true)));
        leases.release(PollingLease.of(SYSTEM), instanceId);
        PollingRoutes timed = poller.otherInstance("timer-" + UUID.randomUUID(),
                Map.of("autoStartup", "true", "interval", "1s"));
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cursors.load(SYSTEM)).contains(next));
            Thread.sleep(1_500); // rounds go on from the new cursor; a round begun beside the first would show now
        } finally {
            timed.remove();
        }
        platform.verify(1, postRequestedFor(urlPathEqualTo("/api/risk/disputes/" + x(slow) + "/receipt")));
        platform.verify(1, getRequestedFor(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(start)));
        assertThat(queues.drain(FENGQIAO, 3000)).hasSize(1);
    }

    @Test
    void aPageThatFailsHalfwayIsReadAgainWithoutDuplicates() throws Exception {
        String start = unique("h");
        String next = unique("h");
        cursors.save(SYSTEM, start, now());
        Map<String, Object> x = item("枫桥镇枫源村", "200200", "邻里因围墙纠纷");
        Map<String, Object> y = item("枫桥镇枫源村", "200200", "邻里因通行纠纷");
        Map<String, Object> z = item("枫桥镇枫源村", "200200", "邻里因滴水纠纷");
        page(start, List.of(x, y, z), next);
        // The receipt of the second item fails once, as if the platform hiccupped mid-page.
        String yReceipt = "/api/risk/disputes/" + x(y) + "/receipt";
        platform.stubFor(post(urlPathEqualTo(yReceipt)).inScenario("y").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered").atPriority(1)
                .withMetadata(Map.of("test", true)));

        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.FAILED);
        assertThat(cursors.load(SYSTEM)).contains(start);

        TestClock.advance(maxBackoff);
        PollingRound.Result retry = poller.pollRound();
        assertThat(retry.outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        assertThat(cursors.load(SYSTEM)).contains(next);

        List<TextMessage> delivered = queues.drain(FENGQIAO, 3000);
        List<String> records = new ArrayList<>();
        for (TextMessage m : delivered) {
            records.add(json.readTree(m.getText()).at("/source/recordId").asText());
        }
        assertThat(records).containsExactlyInAnyOrder(x(x), x(y), x(z));
        // The first item's receipt went out twice with the same idempotency key; the platform can tell.
        platform.verify(2, postRequestedFor(urlPathEqualTo("/api/risk/disputes/" + x(x) + "/receipt"))
                .withHeader("Idempotency-Key", equalTo("receipt-" + x(x))));
    }

    @Test
    void whileThePlatformIsDownRoundsBackOffAndHealthAndMetricsShowIt() throws Exception {
        String start = unique("d");
        cursors.save(SYSTEM, start, now());
        platform.stubFor(get(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(start))
                .willReturn(aResponse().withStatus(503)).atPriority(1).withMetadata(Map.of("test", true)));

        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.FAILED);
        for (int i = 0; i < 5; i++) {
            assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.BACKING_OFF);
        }
        platform.verify(1, getRequestedFor(urlPathEqualTo("/api/risk/disputes")));
        Metrics.management().get("/q/health/well").then().statusCode(503)
                .body("checks.name", hasItem("polled-source POLICE_RISK"))
                .body("checks.find { it.name == 'polled-source POLICE_RISK' }.status",
                        org.hamcrest.Matchers.equalTo("DOWN"))
                .body(containsString("\"consecutiveFailures\": 1"));
        Metrics.management().get("/q/health/ready").then().statusCode(200); // the other sources keep working
        assertThat(metrics.get("gateway.source.poll.consecutive.failures").tag("source", SYSTEM).gauge().value())
                .isEqualTo(1.0);

        // The back-off doubles: after one interval the second attempt (a dropped connection this time)...
        platform.stubFor(get(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(start))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).atPriority(1)
                .withMetadata(Map.of("test", true)));
        TestClock.advance(pollInterval);
        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.FAILED);
        TestClock.advance(pollInterval);
        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.BACKING_OFF);
        platform.verify(2, getRequestedFor(urlPathEqualTo("/api/risk/disputes")));

        // ...and when the platform is back, polling resumes and health says so.
        removeTestPages();
        page(start, List.of(item("枫桥镇枫源村", "200200", "邻里纠纷")), unique("d"));
        TestClock.advance(pollInterval.multipliedBy(2));
        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        // Its own check: other wellness checks (feedback to the sources) depend on what earlier tests left.
        Metrics.management().get("/q/health/well").then()
                .body("checks.find { it.name == 'polled-source POLICE_RISK' }.status", org.hamcrest.Matchers.equalTo("UP"));
        assertThat(queues.drain(FENGQIAO, 3000)).hasSize(1);
    }

    @Test
    void onlyOneInstancePollsAtATimeAndAnotherTakesOverWhenItStops() throws Exception {
        String start = unique("l");
        cursors.save(SYSTEM, start, now());
        page(start, List.of(item("枫桥镇枫源村", "200200", "邻里纠纷")), null);
        PollingRoutes other = secondInstance("instance-b");

        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        for (int i = 0; i < 3; i++) {
            assertThat(other.pollRound().outcome()).isEqualTo(PollingRound.Outcome.NOT_ACTIVE);
            assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        }
        // This instance stops (its lease is no longer renewed): once the lease expires the other polls.
        TestClock.advance(Duration.ofMinutes(5));
        assertThat(other.pollRound().outcome()).isEqualTo(PollingRound.Outcome.POLLED);
        assertThat(poller.pollRound().outcome()).isEqualTo(PollingRound.Outcome.NOT_ACTIVE);
        // Five rounds read the page (cursor unchanged: the page has no next cursor); one dispute, one message.
        platform.verify(5, getRequestedFor(urlPathEqualTo("/api/risk/disputes")));
        assertThat(queues.drain(FENGQIAO, 3000)).hasSize(1);
    }

    /**
     * A round slower than its lease: while it works through a page, the lease runs out and another
     * instance takes it over (and reads from the same cursor). The slow round finishes the page it
     * has, but moves no cursor and reads no further page, so it cannot set back a cursor the new
     * holder has already moved on.
     */
    @Test
    void aRoundThatLostItsLeaseMovesNoCursorAndReadsNoFurther() throws Exception {
        String start = unique("k");
        String next = unique("k");
        cursors.save(SYSTEM, start, now());
        Map<String, Object> slow = item("枫桥镇枫源村", "200200", "邻里因排水沟堵塞纠纷");
        page(start, List.of(slow), next);
        page(next, List.of(item("枫桥镇枫源村", "200200", "邻里纠纷")), null);
        platform.stubFor(post(urlPathEqualTo("/api/risk/disputes/" + x(slow) + "/receipt"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)).atPriority(1)
                .withMetadata(Map.of("test", true)));

        var round = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return poller.pollRound();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !platform.findAll(postRequestedFor(urlPathEqualTo("/api/risk/disputes/" + x(slow) + "/receipt"))).isEmpty());
        TestClock.advance(Duration.ofMinutes(5));
        assertThat(leases.tryAcquire(PollingLease.of(SYSTEM), "instance-b", now(), Duration.ofMinutes(2))).isTrue();

        round.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(cursors.load(SYSTEM)).contains(start);
        platform.verify(0, getRequestedFor(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(next)));
        assertThat(queues.drain(FENGQIAO, 3000)).hasSize(1);
    }

    @Test
    void anInvalidItemIsRecordedAndTheRestOfThePageGoesOn() throws Exception {
        String start = unique("v");
        cursors.save(SYSTEM, start, now());
        Map<String, Object> broken = item("枫桥镇枫源村", "200200", "x");
        broken.remove("jyqk");
        broken.put("jjsj", "2026-13-45T25:00:00+08:00");
        page(start, List.of(broken, item("枫桥镇枫源村", "200200", "邻里纠纷")), unique("v"));

        PollingRound.Result round = poller.pollRound();
        assertThat(round.accepted()).isEqualTo(1);
        assertThat(round.rejected()).isEqualTo(1);
        var rejection = rejections.recent(SYSTEM, 5).get(0);
        assertThat(rejection.recordId()).isEqualTo(x(broken));
        assertThat(rejection.reason()).contains("jyqk").contains("jjsj");
        assertThat(queues.drain(FENGQIAO, 3000)).hasSize(1);
    }

    @Test
    void incidentClassesMapToCategoriesAndRiskFlags() {
        record Row(String jqlb, String summary, String category, List<String> flags) {
        }
        List<Row> table = List.of(
                new Row("200600", "丈夫酒后殴打妻子", "MARRIAGE_FAMILY", List.of()),
                new Row("300100", "两车剐蹭", "TRAFFIC_ACCIDENT", List.of()),
                new Row("600300", "讨要工资", "LABOR", List.of()),
                new Row("700100", "村民聚集反映征地补偿", "LAND_ACQ_DEMOLITION", List.of("GROUP")),
                new Row("200200", "邻居因噪音争吵", "ENVIRONMENT", List.of()),
                new Row("200200", "两人口角", "OTHER", List.of()),
                new Row("999999", "情况不明", "OTHER", List.of()));
        for (Row row : table) {
            var decision = categories.classify(SYSTEM, row.jqlb(), null, null, row.summary());
            assertThat(decision.category().name()).as(row.jqlb() + " " + row.summary()).isEqualTo(row.category());
            assertThat(decision.riskFlags()).as(row.jqlb()).isEqualTo(row.flags());
        }
    }

    @Test
    void noJavaMapsThePlatform() throws Exception {
        // Its mapping, schema, receipt and feedback live in config/ and routes/: no code under
        // src/main/java speaks the platform's vocabulary. The one exception maps nothing: the generator
        // of sample exports for the tests and the benchmark writes records in each source's format.
        assertThat(Path.of("src", "main", "java", "org", "fengqiao", "gateway", "intake", "police")).doesNotExist();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            List<Path> mentioning = files.filter(Files::isRegularFile)
                    .filter(file -> !file.endsWith(Path.of("backfill", "ExportGenerator.java"))).filter(file -> {
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    return text.contains("jqbh") || text.contains("jyqk") || text.contains("涉稳")
                            || text.contains("PoliceRisk");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(mentioning).isEmpty();
        }
        assertThat(Path.of("config", "sources", "POLICE_RISK.yaml")).isRegularFile();
        assertThat(Path.of("config", "sources", "police-risk-item.json")).isRegularFile();
    }

    private PollingRoutes secondInstance(String id) throws Exception {
        return poller.otherInstance(id);
    }

    private void page(String since, List<Map<String, Object>> items, String next) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("items", items);
        body.put("nextCursor", next);
        platform.stubFor(get(urlPathEqualTo("/api/risk/disputes")).withQueryParam("since", equalTo(since))
                .willReturn(okJson(json.writeValueAsString(body))).atPriority(1).withMetadata(Map.of("test", true)));
    }

    static Map<String, Object> item(String place, String jqlb, String summary) {
        Map<String, Object> item = new java.util.HashMap<>();
        item.put("jqbh", "J" + System.nanoTime());
        item.put("jjsj", "2026-11-29T10:00:00+08:00");
        item.put("pcs", Map.of("dm", "330681460000", "mc", "诸暨市公安局枫桥派出所"));
        item.put("afdz", "诸暨市" + place);
        item.put("jqlb", jqlb);
        item.put("jyqk", summary);
        item.put("czqk", "现场调解未果");
        item.put("fxdj", "黄");
        item.put("sfqt", false);
        item.put("dsr", List.of(Map.of("xm", "测试己", "sfzh", randomIdNumber(), "js", "当事人")));
        return item;
    }

    static String x(Map<String, Object> item) {
        return (String) item.get("jqbh");
    }

    static String randomIdNumber() {
        return "330681" + (1_000_000_000_00L + ThreadLocalRandom.current().nextLong(8_999_999_999_99L));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private java.time.OffsetDateTime now() {
        return java.time.OffsetDateTime.now(clock);
    }
}
