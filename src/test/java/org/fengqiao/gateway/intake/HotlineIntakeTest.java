package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;
import java.util.Map;

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
import org.fengqiao.gateway.support.ConcurrentPosts;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class HotlineIntakeTest {

    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";
    static final String DIANKOU = "330681104"; // 诸暨市店口镇

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

    static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body instanceof Map<?, ?> m ? WorkOrders.json(castMap(m)) : body)
                .post(WORK_ORDERS);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @Test
    void workOrderReachesTheTownshipQueueAsASchemaValidCanonicalDispute() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String gdbh = WorkOrders.newGdbh();

        Response accepted = post(WorkOrders.valid(gdbh));
        accepted.then().statusCode(202)
                .header("Location", matchesPattern("/api/v1/sources/hotline/disputes/FQ\\d{16}"))
                .body("status", equalTo("DISPATCHED"));
        String disputeId = accepted.jsonPath().getString("disputeId");
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/sources/hotline/disputes/" + disputeId);

        List<TextMessage> messages = queues.drain("dispute.handler." + DIANKOU, 5000);
        assertThat(messages).hasSize(1);
        TextMessage message = messages.get(0);
        assertThat(message.getStringProperty("disputeId")).isEqualTo(disputeId);
        assertThat(message.getStringProperty("sourceSystem")).isEqualTo("HOTLINE_12345");
        assertThat(message.getStringProperty("categoryCode")).isEqualTo("NEIGHBOR");
        assertThat(message.getStringProperty("urgency")).isEqualTo("NORMAL");
        assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);

        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .contentType(containsMediaType("application/schema+json")).extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(message.getText())).isEmpty();

        JsonNode dispute = json.readTree(message.getText());
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo(gdbh);
        assertThat(dispute.at("/source/receivedAt").asText()).endsWith("+08:00");
        assertThat(dispute.at("/occurredAt").asText()).isEqualTo("2026-11-29T09:15:00+08:00");
        assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");
        assertThat(dispute.at("/category/rule").asText()).isEqualTo("table HOTLINE_12345: 邻里纠纷");
        assertThat(dispute.at("/appealType").asText()).isEqualTo("COMPLAINT");
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(DIANKOU);
        assertThat(dispute.at("/location/resolution/method").asText()).isEqualTo("TOWNSHIP_NAME");
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(DIANKOU);
        assertThat(dispute.at("/assignment/handlerName").asText()).isEqualTo("诸暨市店口镇");
        assertThat(dispute.at("/assignment/reason").asText()).startsWith("township-of-jurisdiction");
        assertThat(dispute.at("/parties/0/role").asText()).isEqualTo("APPLICANT");
        assertThat(dispute.at("/parties/0/idNumber").asText()).isEqualTo("330681199001011237");
        assertThat(dispute.at("/parties/1/role").asText()).isEqualTo("RESPONDENT");

        // The same dispute through the read API, with its history, and in the township's inbox.
        given().get("/api/v1/disputes/" + disputeId).then().statusCode(200)
                .body("dispute.disputeId", equalTo(disputeId))
                .body("dispute.status", equalTo("DISPATCHED"))
                .body("dispute.occurredAt", equalTo("2026-11-29T09:15:00+08:00"))
                .body("history.status", equalTo(List.of("RECEIVED", "DISPATCHED")))
                .body("history[0].actor", equalTo("HOTLINE_12345"))
                .body("history[1].handlerId", equalTo(DIANKOU))
                .body("history[1].reason", org.hamcrest.Matchers.startsWith("township-of-jurisdiction"));
        given().queryParam("status", "DISPATCHED").queryParam("size", 200)
                .get("/api/v1/handlers/" + DIANKOU + "/items").then().statusCode(200)
                .body("items.disputeId", hasItem(disputeId));
    }

    @Test
    void categoryAndJurisdictionChooseTheHandler() throws Exception {
        record Case(String flmc, String content, String address, String xzqh, String handler, String category) {
        }
        List<Case> cases = List.of(
                new Case("医疗纠纷", "手术后出现并发症，家属要求医院赔偿。", "诸暨市暨阳街道某医院", null,
                        "330681-MEDIATION-MEDICAL", "MEDICAL"),
                new Case(null, "两车追尾，对方拒绝赔偿修车费用。", "柯桥区柯桥街道笛扬路", null,
                        "330603-MEDIATION-TRAFFIC", "TRAFFIC_ACCIDENT"),
                new Case("劳资纠纷", "包工头拖欠三个月工资。", "上虞区百官街道", null,
                        "330604-LABOR-ARBITRATION", "LABOR"),
                new Case(null, "反映情况，地址说不清。", "老街口", "330624", "330624-TRIAGE", "OTHER"),
                new Case(null, "反映情况。", "杭州市西湖区文三路", null, "3306-TRIAGE", "OTHER"));
        for (Case c : cases) {
            Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
            order.remove("flmc");
            order.remove("xzqh");
            order.remove("sqbt");
            if (c.flmc() != null) {
                order.put("flmc", c.flmc());
            }
            if (c.xzqh() != null) {
                order.put("xzqh", c.xzqh());
            }
            order.put("sqnr", c.content());
            order.put("fsdz", c.address());
            String id = post(order).then().statusCode(202).extract().jsonPath().getString("disputeId");
            given().get("/api/v1/disputes/" + id).then().statusCode(200)
                    .body("dispute.assignment.handlerId", equalTo(c.handler()))
                    .body("dispute.category.code", equalTo(c.category()));
            List<TextMessage> delivered = queues.drain("dispute.handler." + c.handler(), 5000);
            assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).contains(id);
        }
    }

    @Test
    void aRepostedWorkOrderIsTheSameDisputeAndIsNotSentAgain() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String gdbh = WorkOrders.newGdbh();
        String first = post(WorkOrders.valid(gdbh)).then().statusCode(202).extract().jsonPath().getString("disputeId");

        Map<String, Object> again = WorkOrders.valid(gdbh);
        again.put("sqnr", "第二次推送，内容略有不同。");
        post(again).then().statusCode(200)
                .header("Location", "/api/v1/sources/hotline/disputes/" + first)
                .body("disputeId", equalTo(first));

        assertThat(queues.drain("dispute.handler." + DIANKOU, 2000)).hasSize(1);
    }

    @Test
    void concurrentDuplicatePostsMakeOneDisputeAndOneMessage() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String body = WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh()));
        ConcurrentPosts.oneDisputeOf(20, () -> post(body));
        assertThat(queues.drain("dispute.handler." + DIANKOU, 2000)).hasSize(1);
    }

    @Test
    void malformedJsonIsRejectedAsProblemDetails() {
        given().contentType(ContentType.JSON).body("{\"gdbh\": \"X1\", \"sqnr\": ").post(WORK_ORDERS)
                .then().statusCode(400)
                .contentType(containsMediaType("application/problem+json"))
                .body("status", equalTo(400))
                .body("code", equalTo("INVALID_REQUEST"))
                .body("errors.field", equalTo(List.of("$")));
        given().contentType(ContentType.JSON).body("").post(WORK_ORDERS).then().statusCode(400)
                .body("errors.field", equalTo(List.of("$")));
        given().contentType(ContentType.JSON).body("[1,2]").post(WORK_ORDERS).then().statusCode(400)
                .body("errors.field", equalTo(List.of("$")));
    }

    @Test
    void everyMissingRequiredFieldIsNamed() throws Exception {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        String gdbh = (String) order.get("gdbh");
        order.remove("ldsj");
        order.remove("sqnr");
        order.remove("fsdz");
        order.put("whatever", "unknown fields are ignored");
        assertRejected(order, gdbh, "fsdz", "ldsj", "sqnr");
    }

    @Test
    void wrongTypesAndBadValuesAreNamed() throws Exception {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        String gdbh = (String) order.get("gdbh");
        order.put("sqlx", "闲聊");                         // not an appeal type
        order.put("sqr", "测试甲");                          // object expected
        order.put("dfr", List.of(Map.of("xm", 42)));       // string expected
        order.put("xzqh", 330681);                         // string expected
        order.put("blsx", "2026-02-30 12:00:00");          // no such day
        assertRejected(order, gdbh, "blsx", "dfr[0].xm", "sqlx", "sqr", "xzqh");
    }

    @Test
    void overLongFieldsAreRejected() throws Exception {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        String gdbh = (String) order.get("gdbh");
        order.put("sqnr", "纠".repeat(4001));
        assertRejected(order, gdbh, "sqnr");

        Map<String, Object> longNumber = WorkOrders.valid("G" + "1".repeat(64));
        assertRejected(longNumber, (String) longNumber.get("gdbh"), "gdbh");

        // 4000 characters exactly is within the contract.
        Map<String, Object> atLimit = WorkOrders.valid(WorkOrders.newGdbh());
        atLimit.put("sqnr", "纠".repeat(4000));
        post(atLimit).then().statusCode(202);
    }

    @Test
    void inboxParametersAreChecked() {
        given().queryParam("page", -1).queryParam("size", 1000).queryParam("status", "NOPE")
                .get("/api/v1/handlers/" + DIANKOU + "/items").then().statusCode(400)
                .contentType(containsMediaType("application/problem+json"))
                .body("errors.field", equalTo(List.of("page", "size", "status")));
        given().get("/api/v1/sources/hotline/disputes/FQ0000000000000000").then().statusCode(404)
                .contentType(containsMediaType("application/problem+json"));
    }

    private void assertRejected(Map<String, Object> order, String gdbh, String... fields) throws Exception {
        int before = queues.depth("dispute.handler." + DIANKOU);
        post(order).then().statusCode(400)
                .contentType(containsMediaType("application/problem+json"))
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors", hasSize(fields.length))
                .body("errors.field", equalTo(List.of(fields)));
        assertThat(ledger.findBySourceRecord("HOTLINE_12345", gdbh)).isEmpty();
        assertThat(queues.depth("dispute.handler." + DIANKOU)).isEqualTo(before);
    }

    static org.hamcrest.Matcher<String> containsMediaType(String type) {
        return org.hamcrest.Matchers.startsWith(type);
    }
}
