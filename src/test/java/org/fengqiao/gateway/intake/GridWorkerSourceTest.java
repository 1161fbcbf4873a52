package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fifth source added with files only: routes/grid-worker.yaml, config/sources/GRID_WORKER.yaml
 * (with its schema), config/categories/GRID_WORKER.yaml and mappings/grid-worker/. No Java knows it.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class GridWorkerSourceTest {

    static final String REPORTS = "/api/v1/sources/grid-worker/reports";
    static final String SYSTEM = "GRID_WORKER";
    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    DisputeLedger ledger;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    static Response post(Map<String, Object> report) {
        return given().contentType(ContentType.JSON).body(GridReports.json(report)).post(REPORTS);
    }

    @Test
    void aReportReachesItsTownshipAsASchemaValidCanonicalDispute() throws Exception {
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String sbbh = GridReports.newSbbh();
        Map<String, Object> report = GridReports.valid(sbbh);
        String applicantId = IdNumbers.random();
        String respondentId = IdNumbers.random();
        report.put("sjrs", 6);
        report.put("sjje", 3200.50);
        report.put("sfsm", true);
        report.put("sjry", List.of(
                GridReports.person("测试村民甲", applicantId, "13900007777", "反映人"),
                GridReports.person("测试村民乙", respondentId, null, "对方当事人"),
                GridReports.person("测试村民丙", null, null, null)));

        Response accepted = post(report);
        accepted.then().statusCode(202).body("status", equalTo("DISPATCHED"));
        String disputeId = accepted.jsonPath().getString("disputeId");

        List<TextMessage> messages = queues.drain("dispute.handler." + FENGQIAO, 5000);
        assertThat(messages).hasSize(1);
        TextMessage message = messages.get(0);
        assertThat(message.getStringProperty("disputeId")).isEqualTo(disputeId);
        assertThat(message.getStringProperty("sourceSystem")).isEqualTo(SYSTEM);
        assertThat(message.getStringProperty("categoryCode")).isEqualTo("NEIGHBOR");
        assertThat(message.getStringProperty("urgency")).isEqualTo("NORMAL");

        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(message.getText())).isEmpty();

        JsonNode dispute = json.readTree(message.getText());
        assertThat(dispute.at("/source/system").asText()).isEqualTo(SYSTEM);
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo(sbbh);
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("网格员上报");
        assertThat(dispute.at("/occurredAt").asText()).isEqualTo("2026-11-29T08:40:00+08:00");
        assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");
        assertThat(dispute.at("/category/rule").asText()).isEqualTo("table GRID_WORKER: 邻里纠纷");
        assertThat(dispute.at("/appealType").asText()).isEqualTo("HELP");
        assertThat(dispute.at("/title").asText()).isEqualTo("两户因排水沟堵塞发生争执");
        assertThat(dispute.at("/description").asText()).isEqualTo(report.get("sjms"));
        assertThat(dispute.at("/claims").asText()).isEqualTo("请求疏通排水沟并赔偿损失。");
        assertThat(dispute.at("/priorHandling").asText()).isEqualTo("网格员已现场劝解，双方情绪稳定。");
        assertThat(dispute.at("/personCount").asInt()).isEqualTo(6);
        assertThat(dispute.at("/amount").decimalValue()).isEqualByComparingTo("3200.50");
        assertThat(dispute.at("/location/standardAddressCode").asText()).isEqualTo("330681109004");
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(FENGQIAO);
        assertThat(dispute.at("/location/villageCode").asText()).isEqualTo("330681109004");
        assertThat(dispute.at("/location/resolution/method").asText()).isEqualTo("STANDARD_ADDRESS_CODE");
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(FENGQIAO);
        assertThat(dispute.at("/assignment/handlerName").asText()).isEqualTo("诸暨市枫桥镇");
        assertThat(dispute.at("/assignment/dueAt").asText()).isEqualTo("2026-12-05T23:59:59+08:00");
        assertThat(dispute.at("/risk/level").asText()).isEqualTo("MEDIUM");
        assertThat(dispute.at("/risk/flags")).extracting(JsonNode::asText)
                .containsExactly("GROUP", "MINOR_INVOLVED");

        JsonNode parties = dispute.at("/parties");
        assertThat(parties).hasSize(4);
        assertThat(parties.get(0).at("/role").asText()).isEqualTo("REPORTER");
        assertThat(parties.get(0).at("/name").asText()).isEqualTo("测试网格员");
        assertThat(parties.get(0).at("/phone").asText()).isEqualTo("13900006666");
        assertThat(parties.get(1).at("/role").asText()).isEqualTo("APPLICANT");
        assertThat(parties.get(1).at("/idNumber").asText()).isEqualTo(applicantId);
        assertThat(parties.get(1).at("/phone").asText()).isEqualTo("13900007777");
        assertThat(parties.get(1).at("/address").asText()).isEqualTo("诸暨市枫桥镇陈家社区");
        assertThat(parties.get(2).at("/role").asText()).isEqualTo("RESPONDENT");
        assertThat(parties.get(2).at("/idNumber").asText()).isEqualTo(respondentId);
        assertThat(parties.get(3).at("/role").asText()).isEqualTo("PARTY");

        given().get("/api/v1/disputes/" + disputeId).then().statusCode(200)
                .body("dispute.source.recordId", equalTo(sbbh))
                .body("history[0].actor", equalTo(SYSTEM));
    }

    @Test
    void theEventTypeIsLookedUpInTheSourcesOwnCategoryTable() throws Exception {
        // 欠薪 is LABOR in config/categories/GRID_WORKER.yaml, and carries a risk flag there.
        Map<String, Object> wages = GridReports.valid(GridReports.newSbbh());
        wages.put("sjlx", "欠薪");
        wages.put("jjcd", "紧急");
        wages.put("sjrs", 3);
        wages.remove("sfsm");
        String id = post(wages).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.category.code", equalTo("LABOR"))
                .body("dispute.category.rule", equalTo("table GRID_WORKER: 欠薪"))
                .body("dispute.urgency", equalTo("URGENT"))
                .body("dispute.risk.flags", equalTo(List.of("WAGE_ARREARS")))
                .body("dispute.assignment.handlerId", equalTo("330681-LABOR-ARBITRATION"));
        List<TextMessage> labour = queues.drain("dispute.handler.330681-LABOR-ARBITRATION", 5000);
        assertThat(labour).extracting(m -> m.getStringProperty("urgency")).containsExactly("URGENT");

        // A type the table does not know: keyword rules on title and description, then OTHER.
        Map<String, Object> unknown = GridReports.valid(GridReports.newSbbh());
        unknown.put("sjlx", "其他事件");
        unknown.put("sjbt", "村民反映");
        unknown.put("sjms", "村民反映屋后山林地界不清，与邻村发生争执。");
        unknown.remove("fxdj");
        unknown.remove("jjcd");
        unknown.remove("sqlx");
        unknown.remove("clqx");
        String other = post(unknown).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + other).then().statusCode(200)
                .body("dispute.category.code", equalTo("FOREST_LAND"))
                .body("dispute.category.rule", startsWith("keyword forest-land"))
                .body("dispute.urgency", equalTo("NORMAL"))
                .body("dispute.risk.level", equalTo("LOW"))
                .body("dispute.containsKey('appealType')", equalTo(false));
        queues.drain("dispute.handler." + FENGQIAO, 2000);
    }

    @Test
    void aRepostedReportIsTheSameDisputeAndIsNotSentAgain() throws Exception {
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String sbbh = GridReports.newSbbh();
        Map<String, Object> report = GridReports.valid(sbbh);
        String first = post(report).then().statusCode(202).extract().jsonPath().getString("disputeId");
        report.put("sjms", "网格员补充上报，内容略有不同。");
        post(report).then().statusCode(200)
                .header("Location", "/api/v1/sources/grid-worker/disputes/" + first)
                .body("disputeId", equalTo(first));
        assertThat(queues.drain("dispute.handler." + FENGQIAO, 2000)).hasSize(1);
    }

    @Test
    void missingRequiredFieldsAreNamedByTheirNativeNames() throws Exception {
        Map<String, Object> report = GridReports.valid(GridReports.newSbbh());
        report.remove("sjms");
        report.remove("sfdd");
        report.remove("wgy");
        assertRejected(report, "sfdd", "sjms", "wgy");

        // Blank passes the schema's minLength, but a required text needs a visible character: named by its native field.
        Map<String, Object> blank = GridReports.valid(GridReports.newSbbh());
        blank.put("sjms", "   ");
        assertRejected(blank, "sjms");
        post(blank).then().body("errors[0].message",
                equalTo("must contain a visible character (it is empty or only white space)"));
    }

    @Test
    void wrongTypesBadValuesAndImpossibleDatesAreNamed() throws Exception {
        Map<String, Object> report = GridReports.valid(GridReports.newSbbh());
        report.put("sjrs", "六");                                             // integer expected
        report.put("jjcd", "特急");                                           // not an urgency
        report.put("sjry", List.of(Map.of("xm", 42)));                       // text expected
        report.put("wgy", Map.of("xm", "测试网格员", "dh", 13900006666L));       // text expected
        report.put("sbsj", "2026-02-30 08:40:00");                           // no such day
        report.put("clqx", "2026-11-31");                                    // no such day
        assertRejected(report, "clqx", "jjcd", "sbsj", "sjrs", "sjry[0].xm", "wgy.dh");
        post(report).then().body("errors.find { it.field == 'sbsj' }.message",
                equalTo("is not a valid date and time (yyyy-MM-dd HH:mm:ss)"));

        given().contentType(ContentType.JSON).body("{\"sbbh\": ").post(REPORTS).then().statusCode(400)
                .body("errors.field", equalTo(List.of("$")));
    }

    @Test
    void itsInboundSchemaIsPublished() {
        given().get("/api/v1/schemas/sources/grid-worker-report.schema.json").then().statusCode(200)
                .contentType(startsWith("application/schema+json"))
                .body("required", equalTo(List.of("sbbh", "sbsj", "wgy", "sjlx", "sjms", "sfdd")));
        given().get("/api/v1/schemas/sources/nothing.schema.json").then().statusCode(404);
    }

    @Test
    void noJavaKnowsTheSource() throws Exception {
        // The definition lives only in routes/, config/ and mappings/: nothing under src/main names it.
        // (The grid's handler, 网格员, whom the routing policy may tell of a dispute as co-handler, is a
        // role of the county's grids, not this source; the generator of sample exports for the tests and
        // the benchmark writes records in each source's format and maps nothing.)
        try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
            List<Path> mentioning = files.filter(Files::isRegularFile)
                    .filter(file -> !file.endsWith(Path.of("backfill", "ExportGenerator.java"))).filter(file -> {
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                    return text.contains("grid_worker") || text.contains("grid-worker") || text.contains("网格员上报");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(mentioning).isEmpty();
        }
        assertThat(Path.of("routes", "grid-worker.yaml")).isRegularFile();
        assertThat(Path.of("config", "sources", "GRID_WORKER.yaml")).isRegularFile();
        assertThat(Path.of("config", "categories", "GRID_WORKER.yaml")).isRegularFile();
        assertThat(Path.of("mappings", "grid-worker")).isDirectory();
    }

    private void assertRejected(Map<String, Object> report, String... fields) throws Exception {
        int before = queues.depth("dispute.handler." + FENGQIAO);
        post(report).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors", hasSize(fields.length))
                .body("errors.field", equalTo(List.of(fields)));
        assertThat(ledger.findBySourceRecord(SYSTEM, (String) report.get("sbbh"))).isEmpty();
        assertThat(queues.depth("dispute.handler." + FENGQIAO)).isEqualTo(before);
    }
}
