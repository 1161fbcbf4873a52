package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.fengqiao.gateway.support.CourtMediations;
import org.fengqiao.gateway.support.ConcurrentPosts;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class CourtIntakeTest {

    static final String MEDIATIONS = "/api/v1/sources/court/mediations";
    static final String SYSTEM = "COURT_MEDIATION";
    static final String DIANKOU = "330681104"; // 诸暨市店口镇
    static final String ZHUJI_TRAFFIC = "330681-MEDIATION-TRAFFIC";

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

    static Response post(Map<String, Object> mediation) {
        return post(CourtMediations.json(mediation));
    }

    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post(MEDIATIONS);
    }

    @Test
    void aTrafficCaseReachesTheCountyTrafficMediationCommitteeAsASchemaValidCanonicalDispute() throws Exception {
        queues.drain("dispute.handler." + ZHUJI_TRAFFIC, 100);
        String caseNo = CourtMediations.newCaseNo();
        Map<String, Object> mediation = CourtMediations.valid(caseNo);
        mediation.put("causeOfAction", "机动车交通事故责任纠纷");
        mediation.put("claims", "判令被告赔偿医疗费、误工费、车辆维修费共计38000元。");
        mediation.put("amount", 38000);
        mediation.put("defendants", List.of(CourtMediations.person("测试司机", IdNumbers.random(), "13900004444",
                "诸暨市陶朱街道望云路100号")));

        Response accepted = post(mediation);
        accepted.then().statusCode(202)
                .header("Location", matchesPattern("/api/v1/sources/court/disputes/FQ\\d{16}"))
                .body("status", equalTo("DISPATCHED"));
        String disputeId = accepted.jsonPath().getString("disputeId");

        List<TextMessage> messages = queues.drain("dispute.handler." + ZHUJI_TRAFFIC, 5000);
        assertThat(messages).hasSize(1);
        TextMessage message = messages.get(0);
        assertThat(message.getStringProperty("disputeId")).isEqualTo(disputeId);
        assertThat(message.getStringProperty("sourceSystem")).isEqualTo(SYSTEM);
        assertThat(message.getStringProperty("categoryCode")).isEqualTo("TRAFFIC_ACCIDENT");
        assertThat(message.getStringProperty("urgency")).isEqualTo("NORMAL");
        assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);

        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(message.getText())).isEmpty();

        JsonNode dispute = json.readTree(message.getText());
        assertThat(dispute.at("/source/system").asText()).isEqualTo(SYSTEM);
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo(caseNo);
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("诸暨市人民法院");
        assertThat(dispute.at("/source/receivedAt").asText()).endsWith("+08:00");
        assertThat(dispute.at("/category/code").asText()).isEqualTo("TRAFFIC_ACCIDENT");
        assertThat(dispute.at("/category/sourceName").asText()).isEqualTo("机动车交通事故责任纠纷");
        assertThat(dispute.at("/category/rule").asText()).isEqualTo("table COURT_MEDIATION: 机动车交通事故责任纠纷");
        assertThat(dispute.has("appealType")).isFalse();
        assertThat(dispute.at("/title").asText()).isEqualTo("机动车交通事故责任纠纷（" + caseNo + "）");
        assertThat(dispute.at("/description").asText()).isEqualTo(mediation.get("claims"));
        assertThat(dispute.at("/claims").asText()).isEqualTo(mediation.get("claims"));
        assertThat(dispute.at("/occurredAt").asText()).isEqualTo("2026-11-29T09:30:00+08:00");
        assertThat(dispute.at("/amount").decimalValue()).isEqualByComparingTo("38000");
        assertThat(dispute.at("/location/address").asText()).isEqualTo("诸暨市陶朱街道望云路100号");
        assertThat(dispute.at("/location/countyCode").asText()).isEqualTo("330681");
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(ZHUJI_TRAFFIC);
        assertThat(dispute.at("/assignment/handlerName").asText()).isEqualTo("诸暨市道路交通事故纠纷人民调解委员会");
        assertThat(dispute.at("/assignment/reason").asText()).startsWith("traffic-mediation");
        assertThat(dispute.at("/risk/level").asText()).isEqualTo("LOW");

        given().get("/api/v1/disputes/" + disputeId).then().statusCode(200)
                .body("dispute.source.recordId", equalTo(caseNo))
                .body("history.status", equalTo(List.of("RECEIVED", "DISPATCHED")))
                .body("history[0].actor", equalTo(SYSTEM));
    }

    @Test
    void aLoanCaseGoesToTheDefendantsTownshipWithAmountPartiesAndTheCourtsDeadline() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String caseNo = CourtMediations.newCaseNo();
        Map<String, Object> mediation = CourtMediations.valid(caseNo);
        String plaintiffId = IdNumbers.random();
        String defendantId = IdNumbers.random();
        String secondDefendantId = IdNumbers.random();
        mediation.put("plaintiffs", List.of(
                CourtMediations.person("测试原告", plaintiffId, "13900002222", "诸暨市暨阳街道艮塔西路8号")));
        mediation.put("defendants", List.of(
                CourtMediations.person("测试被告", defendantId, "13900003333", "诸暨市店口镇解放路88号"),
                CourtMediations.person("测试保证人", secondDefendantId, null, "诸暨市枫桥镇")));

        String disputeId = post(mediation).then().statusCode(202).extract().jsonPath().getString("disputeId");

        List<TextMessage> messages = queues.drain("dispute.handler." + DIANKOU, 5000);
        assertThat(messages).extracting(m -> m.getStringProperty("disputeId")).containsExactly(disputeId);
        JsonNode dispute = json.readTree(messages.get(0).getText());
        assertThat(dispute.at("/category/code").asText()).isEqualTo("CONTRACT");
        assertThat(dispute.at("/location/address").asText()).isEqualTo("诸暨市店口镇解放路88号");
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(DIANKOU);
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(DIANKOU);
        assertThat(dispute.at("/assignment/handlerName").asText()).isEqualTo("诸暨市店口镇");
        assertThat(dispute.at("/amount").decimalValue()).isEqualByComparingTo(new BigDecimal("52345.67"));
        // The end of the day the court set for the mediation.
        assertThat(dispute.at("/assignment/dueAt").asText()).isEqualTo("2026-12-20T23:59:59+08:00");

        JsonNode parties = dispute.at("/parties");
        assertThat(parties).hasSize(3);
        assertThat(parties.get(0).at("/role").asText()).isEqualTo("APPLICANT");
        assertThat(parties.get(0).at("/name").asText()).isEqualTo("测试原告");
        assertThat(parties.get(0).at("/idNumber").asText()).isEqualTo(plaintiffId);
        assertThat(parties.get(0).at("/phone").asText()).isEqualTo("13900002222");
        assertThat(parties.get(0).at("/address").asText()).isEqualTo("诸暨市暨阳街道艮塔西路8号");
        assertThat(parties.get(1).at("/role").asText()).isEqualTo("RESPONDENT");
        assertThat(parties.get(1).at("/idNumber").asText()).isEqualTo(defendantId);
        assertThat(parties.get(2).at("/role").asText()).isEqualTo("RESPONDENT");
        assertThat(parties.get(2).at("/name").asText()).isEqualTo("测试保证人");
        assertThat(parties.get(2).has("phone")).isFalse();
    }

    @Test
    void withoutADeadlineTheMediationHasThirtyDaysFromFiling() throws Exception {
        String caseNo = CourtMediations.newCaseNo();
        Map<String, Object> mediation = CourtMediations.valid(caseNo);
        mediation.remove("mediationDeadline");
        mediation.remove("amount");
        mediation.put("filedAt", "2026-11-29T01:30:00Z");
        String id = post(mediation).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.occurredAt", equalTo("2026-11-29T09:30:00+08:00"))
                .body("dispute.assignment.dueAt", equalTo("2026-12-29T09:30:00+08:00"))
                .body("dispute.containsKey('amount')", equalTo(false));
        queues.drain("dispute.handler." + DIANKOU, 2000);
    }

    @Test
    void theAddressIsTheDefendantsElseThePlaintiffsElseTheCourtsCounty() throws Exception {
        // No defendant: the plaintiff's address (枫桥镇).
        Map<String, Object> plaintiffOnly = CourtMediations.valid(CourtMediations.newCaseNo());
        plaintiffOnly.remove("defendants");
        plaintiffOnly.put("plaintiffs", List.of(
                CourtMediations.person("测试原告", IdNumbers.random(), null, "诸暨市枫桥镇枫溪路1号")));
        String first = post(plaintiffOnly).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + first).then().statusCode(200)
                .body("dispute.location.address", equalTo("诸暨市枫桥镇枫溪路1号"))
                .body("dispute.assignment.handlerId", equalTo("330681109"));
        queues.drain("dispute.handler.330681109", 2000);

        // No address at all: the court's name places it in 诸暨, whose triage desk decides.
        Map<String, Object> noAddress = CourtMediations.valid(CourtMediations.newCaseNo());
        noAddress.put("plaintiffs", List.of(CourtMediations.person("测试原告", IdNumbers.random(), null, null)));
        noAddress.put("defendants", List.of(CourtMediations.person("测试被告", IdNumbers.random(), null, null)));
        String second = post(noAddress).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + second).then().statusCode(200)
                .body("dispute.location.address", equalTo("诸暨市人民法院"))
                .body("dispute.location.countyCode", equalTo("330681"))
                .body("dispute.location.resolution.method", equalTo("COUNTY_ONLY"))
                .body("dispute.assignment.handlerId", equalTo("330681-TRIAGE"));

        // A court code that is not a county code is no hint; an unplaced address then goes to the city desk.
        Map<String, Object> unplaced = CourtMediations.valid(CourtMediations.newCaseNo());
        unplaced.put("court", Map.of("code", "J60", "name", "某某人民法院"));
        unplaced.put("plaintiffs", List.of(CourtMediations.person("测试原告", IdNumbers.random(), null, null)));
        unplaced.remove("defendants");
        String third = post(unplaced).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + third).then().statusCode(200)
                .body("dispute.source.channel", equalTo("某某人民法院"))
                .body("dispute.location.countyCode", org.hamcrest.Matchers.nullValue())
                .body("dispute.assignment.handlerId", equalTo("3306-TRIAGE"));

        // A 6-digit court code is a county hint: with nothing else to go on, that county's triage desk.
        Map<String, Object> hinted = CourtMediations.valid(CourtMediations.newCaseNo());
        hinted.put("court", Map.of("code", "330681", "name", "人民法院"));
        hinted.put("plaintiffs", List.of(CourtMediations.person("测试原告", IdNumbers.random(), null, null)));
        hinted.remove("defendants");
        String fourth = post(hinted).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + fourth).then().statusCode(200)
                .body("dispute.location.countyCode", equalTo("330681"))
                .body("dispute.assignment.handlerId", equalTo("330681-TRIAGE"));
        queues.drain("dispute.handler.330681-TRIAGE", 2000);
        queues.drain("dispute.handler.3306-TRIAGE", 2000);
    }

    @Test
    void theCauseOfActionTableDecidesCategoryAndHandler() throws Exception {
        record Row(String cause, String category, String handler) {
        }
        List<Row> rows = List.of(
                new Row("民间借贷纠纷", "CONTRACT", DIANKOU),
                new Row("金融借款合同纠纷", "CONTRACT", DIANKOU),
                new Row("信用卡纠纷", "CONTRACT", DIANKOU),
                new Row("买卖合同纠纷", "CONTRACT", DIANKOU),
                new Row("劳务合同纠纷", "CONTRACT", DIANKOU),
                new Row("离婚纠纷", "MARRIAGE_FAMILY", DIANKOU),
                new Row("赡养纠纷", "MARRIAGE_FAMILY", DIANKOU),
                new Row("继承纠纷", "MARRIAGE_FAMILY", DIANKOU),
                new Row("相邻关系纠纷", "NEIGHBOR", DIANKOU),
                new Row("排除妨害纠纷", "NEIGHBOR", DIANKOU),
                new Row("宅基地使用权纠纷", "HOUSING_HOMESTEAD", DIANKOU),
                new Row("房屋买卖合同纠纷", "HOUSING_HOMESTEAD", DIANKOU),
                new Row("合伙合同纠纷", "PRODUCTION_BUSINESS", DIANKOU),
                new Row("生命权、身体权、健康权纠纷", "DAMAGE_COMPENSATION", DIANKOU),
                new Row("提供劳务者受害责任纠纷", "DAMAGE_COMPENSATION", DIANKOU),
                new Row("饲养动物损害责任纠纷", "DAMAGE_COMPENSATION", DIANKOU),
                new Row("土地承包经营权纠纷", "FOREST_LAND", DIANKOU),
                new Row("林权纠纷", "FOREST_LAND", DIANKOU),
                new Row("侵害集体经济组织成员权益纠纷", "LAND_ACQ_DEMOLITION", DIANKOU),
                new Row("环境污染责任纠纷", "ENVIRONMENT", DIANKOU),
                new Row("网络购物合同纠纷", "CONSUMER", DIANKOU),
                new Row("产品责任纠纷", "CONSUMER", DIANKOU),
                new Row("物业服务合同纠纷", "PROPERTY_MGMT", DIANKOU),
                new Row("劳动争议", "LABOR", "330681-LABOR-ARBITRATION"),
                new Row("追索劳动报酬纠纷", "LABOR", "330681-LABOR-ARBITRATION"),
                new Row("医疗损害责任纠纷", "MEDICAL", "330681-MEDIATION-MEDICAL"),
                new Row("机动车交通事故责任纠纷", "TRAFFIC_ACCIDENT", ZHUJI_TRAFFIC),
                new Row("非机动车交通事故责任纠纷", "TRAFFIC_ACCIDENT", ZHUJI_TRAFFIC));
        Set<String> handlers = new LinkedHashSet<>();
        for (Row row : rows) {
            Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
            mediation.put("causeOfAction", row.cause());
            mediation.put("claims", "请求依法调解。");
            String id = post(mediation).then().statusCode(202).extract().jsonPath().getString("disputeId");
            given().get("/api/v1/disputes/" + id).then().statusCode(200)
                    .body("dispute.category.code", equalTo(row.category()))
                    .body("dispute.category.rule", equalTo("table COURT_MEDIATION: " + row.cause()))
                    .body("dispute.assignment.handlerId", equalTo(row.handler()));
            handlers.add(row.handler());
        }
        // A cause the table does not know falls through to the keyword rules.
        Map<String, Object> unknown = CourtMediations.valid(CourtMediations.newCaseNo());
        unknown.put("causeOfAction", "某种未列明纠纷");
        unknown.put("claims", "判令被告返还借款两万元。");
        String id = post(unknown).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.category.code", equalTo("CONTRACT"))
                .body("dispute.category.rule", startsWith("keyword contract"));
        for (String handler : handlers) {
            queues.drain("dispute.handler." + handler, 1000);
        }
    }

    @Test
    void aRepostedCaseIsTheSameDisputeAndIsNotSentAgain() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String caseNo = CourtMediations.newCaseNo();
        Map<String, Object> mediation = CourtMediations.valid(caseNo);
        String first = post(mediation).then().statusCode(202).extract().jsonPath().getString("disputeId");

        mediation.put("claims", "第二次推送，诉讼请求略有不同。");
        post(mediation).then().statusCode(200)
                .header("Location", "/api/v1/sources/court/disputes/" + first)
                .body("disputeId", equalTo(first));

        assertThat(queues.drain("dispute.handler." + DIANKOU, 2000)).hasSize(1);
    }

    @Test
    void tenConcurrentCopiesMakeOneDisputeAndOneMessage() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String caseNo = CourtMediations.newCaseNo();
        String body = CourtMediations.json(CourtMediations.valid(caseNo));
        String id = ConcurrentPosts.oneDisputeOf(10, () -> post(body));
        assertThat(ledger.findBySourceRecord(SYSTEM, caseNo)).get()
                .satisfies(entry -> assertThat(entry.disputeId()).isEqualTo(id));
        assertThat(queues.drain("dispute.handler." + DIANKOU, 2000)).hasSize(1);
    }

    @Test
    void malformedJsonIsRejected() throws Exception {
        int before = queues.depth("dispute.handler." + DIANKOU);
        for (String body : List.of("{\"caseNo\": \"X1\", \"claims\": ", "", "[1,2]", "\"text\"",
                "{\"caseNo\": \"X1\", \"amount\": NaN}")) {
            post(body).then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("INVALID_REQUEST"))
                    .body("errors.field", equalTo(List.of("$")));
        }
        assertThat(ledger.findBySourceRecord(SYSTEM, "X1")).isEmpty();
        assertThat(queues.depth("dispute.handler." + DIANKOU)).isEqualTo(before);
    }

    @Test
    void everyMissingRequiredFieldIsNamed() throws Exception {
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        for (String field : List.of("court", "filedAt", "causeOfAction", "claims", "plaintiffs")) {
            mediation.remove(field);
        }
        assertRejected(mediation, "causeOfAction", "claims", "court", "filedAt", "plaintiffs");

        post("{}").then().statusCode(400)
                .body("errors.field", equalTo(List.of("caseNo", "causeOfAction", "claims", "court", "filedAt",
                        "plaintiffs")))
                .body("errors.message", equalTo(java.util.Collections.nCopies(6, "is required")));

        Map<String, Object> incompleteParts = CourtMediations.valid(CourtMediations.newCaseNo());
        incompleteParts.put("court", Map.of("code", "330681"));
        incompleteParts.put("plaintiffs", List.of(Map.of("idNumber", IdNumbers.random())));
        assertRejected(incompleteParts, "court.name", "plaintiffs[0].name");
    }

    @Test
    void wrongTypesAreNamed() throws Exception {
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        mediation.put("court", "诸暨市人民法院");                                    // object expected
        mediation.put("amount", "52000");                                         // number expected
        mediation.put("plaintiffs", List.of(Map.of("name", 42)));                 // text expected
        mediation.put("defendants", Map.of("name", "测试被告"));                     // list expected
        mediation.put("mediationDeadline", 20261220);                             // text expected
        mediation.put("causeOfAction", List.of("民间借贷纠纷"));                      // text expected
        assertRejected(mediation, "amount", "causeOfAction", "court", "defendants", "mediationDeadline",
                "plaintiffs[0].name");
    }

    @Test
    void aNegativeOrNotANumberAmountIsRejected() throws Exception {
        Map<String, Object> negative = CourtMediations.valid(CourtMediations.newCaseNo());
        negative.put("amount", -0.01);
        assertRejected(negative, "amount");
        given().contentType(ContentType.JSON).body(CourtMediations.json(negative)).post(MEDIATIONS)
                .then().body("errors[0].message", equalTo("must be at least 0"));

        Map<String, Object> notANumber = CourtMediations.valid(CourtMediations.newCaseNo());
        notANumber.put("amount", "NaN");
        assertRejected(notANumber, "amount");
        given().contentType(ContentType.JSON).body(CourtMediations.json(notANumber)).post(MEDIATIONS)
                .then().body("errors[0].message", startsWith("has the wrong type"));

        // Beyond any plausible claim (and beyond a double).
        String caseNo = CourtMediations.newCaseNo();
        String huge = CourtMediations.json(CourtMediations.valid(caseNo))
                .replace("52345.67", "1e400");
        post(huge).then().statusCode(400).body("errors.field", equalTo(List.of("amount")));
        assertThat(ledger.findBySourceRecord(SYSTEM, caseNo)).isEmpty();

        // Exactly as sent: the handler gets the amount's decimals as the court wrote them.
        queues.drain("dispute.handler." + DIANKOU, 100);
        String exact = CourtMediations.json(CourtMediations.valid(CourtMediations.newCaseNo()))
                .replace("52345.67", "50000.10");
        String exactId = post(exact).then().statusCode(202).extract().jsonPath().getString("disputeId");
        List<TextMessage> delivered = queues.drain("dispute.handler." + DIANKOU, 5000);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).getText()).contains("\"amount\":50000.10");
        assertThat(given().get("/api/v1/disputes/" + exactId).then().statusCode(200).extract().asString())
                .contains("\"amount\":50000.10");

        // Zero is an amount (a claim for something other than money).
        Map<String, Object> zero = CourtMediations.valid(CourtMediations.newCaseNo());
        zero.put("amount", 0);
        post(zero).then().statusCode(202);
        queues.drain("dispute.handler." + DIANKOU, 2000);
    }

    @Test
    void impossibleAndMisshapenDatesAreRejected() throws Exception {
        Map<String, Object> impossible = CourtMediations.valid(CourtMediations.newCaseNo());
        impossible.put("filedAt", "2026-02-30T09:30:00+08:00");
        impossible.put("mediationDeadline", "2026-13-01");
        assertRejected(impossible, "filedAt", "mediationDeadline");

        Map<String, Object> noOffset = CourtMediations.valid(CourtMediations.newCaseNo());
        noOffset.put("filedAt", "2026-11-29 09:30:00");
        noOffset.put("mediationDeadline", "2026/12/20");
        assertRejected(noOffset, "filedAt", "mediationDeadline");
    }

    @Test
    void overLongFieldsAreRejected() throws Exception {
        Map<String, Object> longClaims = CourtMediations.valid(CourtMediations.newCaseNo());
        longClaims.put("claims", "请".repeat(4001));
        assertRejected(longClaims, "claims");

        Map<String, Object> longParty = CourtMediations.valid(CourtMediations.newCaseNo());
        longParty.put("defendants", List.of(CourtMediations.person("测".repeat(101), "1".repeat(33), "1".repeat(33),
                "址".repeat(501))));
        assertRejected(longParty, "defendants[0].address", "defendants[0].idNumber", "defendants[0].name",
                "defendants[0].phone");

        Map<String, Object> longCaseNo = CourtMediations.valid("(2026)浙0681民诉前调" + "1".repeat(60) + "号");
        assertRejected(longCaseNo, "caseNo");

        // 4000 characters exactly is within the contract.
        Map<String, Object> atLimit = CourtMediations.valid(CourtMediations.newCaseNo());
        atLimit.put("claims", "请".repeat(4000));
        post(atLimit).then().statusCode(202);
        queues.drain("dispute.handler." + DIANKOU, 2000);
    }

    @Test
    void aCaseWithoutAPlaintiffIsRejected() throws Exception {
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        mediation.put("plaintiffs", List.of());
        assertRejected(mediation, "plaintiffs");
        given().contentType(ContentType.JSON).body(CourtMediations.json(mediation)).post(MEDIATIONS)
                .then().body("errors[0].message", equalTo("must have at least 1 item(s)"));
    }

    @Test
    void theInboundSchemaIsPublished() {
        given().get("/api/v1/schemas/sources/court-mediation.json").then().statusCode(200)
                .contentType(startsWith("application/schema+json"))
                .body("required", equalTo(List.of("caseNo", "court", "filedAt", "causeOfAction", "claims",
                        "plaintiffs")));
    }

    private void assertRejected(Map<String, Object> mediation, String... fields) throws Exception {
        int before = queues.depth("dispute.handler." + DIANKOU);
        post(mediation).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors", hasSize(fields.length))
                .body("errors.field", equalTo(List.of(fields)));
        Object caseNo = mediation.get("caseNo");
        if (caseNo instanceof String number) {
            assertThat(ledger.findBySourceRecord(SYSTEM, number)).isEmpty();
        }
        assertThat(queues.depth("dispute.handler." + DIANKOU)).isEqualTo(before);
    }
}
