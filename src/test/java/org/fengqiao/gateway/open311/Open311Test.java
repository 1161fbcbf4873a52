package org.fengqiao.gateway.open311;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Open311 GeoReport v2 facade over HTTP, in both formats, with the development clients of
 * config/application.properties: village-app (its key configured) and mini-program (its key's SHA-256).
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class Open311Test {

    static final String BASE = "/open311/v2/";
    static final String VILLAGE_APP = "dev-open311-village-app-key";
    static final String MINI_PROGRAM = "dev-open311-mini-program-key";
    static final String RATE_PROBE_APP = "test-open311-rate-probe-key";
    static final String FENGQIAO = "330681109";

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    static Map<String, String> neighbourRequest(String apiKey, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", apiKey);
        form.put("service_code", "NEIGHBOR");
        form.put("description", "邻居装修噪音持续到深夜，多次协商无果，请求调解。");
        form.put("address_string", "诸暨市枫桥镇陈家村");
        form.put("first_name", "小明");
        form.put("last_name", "王");
        form.put("phone", "13900001234");
        form.put("email", "wang@example.org");
        form.put("client_token", token);
        return form;
    }

    static Response file(Map<String, String> form, String format) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParams(form)
                .post(BASE + "requests." + format);
    }

    @Test
    void discoveryAndServicesInBothFormats() {
        given().get(BASE + "discovery.json").then().statusCode(200)
                .body("endpoints[0].specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("endpoints[0].url", startsWith("http://"))
                .body("endpoints[0].formats", equalTo(List.of("application/json", "text/xml")));
        given().get(BASE + "services.json").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("", hasSize(15))
                .body("find { it.service_code == 'NEIGHBOR' }.service_name", equalTo("邻里纠纷"))
                .body("find { it.service_code == 'LABOR' }.metadata", equalTo(true))
                .body("find { it.service_code == 'NEIGHBOR' }.metadata", equalTo(false));
        given().get(BASE + "services.xml").then().statusCode(200)
                .contentType(ContentType.XML)
                .body("services.service.size()", equalTo(15))
                .body("services.service.find { it.service_code == 'LABOR' }.service_name", equalTo("劳动争议"));
        given().get(BASE + "services/LABOR.json").then().statusCode(200)
                .body("service_code", equalTo("LABOR"))
                .body("attributes.code", equalTo(List.of("person_count", "amount")))
                .body("attributes[0].datatype", equalTo("number"));
        given().get(BASE + "services/LABOR.xml").then().statusCode(200)
                .body("service_definition.attributes.attribute[1].code", equalTo("amount"));
        given().get(BASE + "services/NOTHING.json").then().statusCode(404)
                .body("[0].code", equalTo(404)).body("[0].description", notNullValue());
    }

    @Test
    void aFiledRequestReachesTheTownshipsQueueAndReadsBackWithoutPersonalData() throws Exception {
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String token = "t-" + UUID.randomUUID();
        Response created = file(neighbourRequest(VILLAGE_APP, token), "json");
        created.then().statusCode(201)
                .body("[0].token", equalTo(token))
                .body("[0].service_request_id", startsWith("FQ"));
        String id = created.jsonPath().getString("[0].service_request_id");

        List<TextMessage> messages = queues.drain("dispute.handler." + FENGQIAO, 5000);
        assertThat(messages).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
        JsonNode dispute = json.readTree(messages.get(0).getText());
        assertThat(dispute.at("/source/system").asText()).isEqualTo("OPEN311");
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo("village-app/" + token);
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("Open311 村社随手拍");
        assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(FENGQIAO);
        assertThat(dispute.at("/parties/0/role").asText()).isEqualTo("REPORTER");
        assertThat(dispute.at("/parties/0/name").asText()).isEqualTo("王小明");
        assertThat(dispute.at("/parties/0/phone").asText()).isEqualTo("13900001234");

        // The same token again: the same request, not a second dispute.
        file(neighbourRequest(VILLAGE_APP, token), "json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id));
        assertThat(queues.drain("dispute.handler." + FENGQIAO, 500)).isEmpty();

        Response read = given().queryParam("api_key", VILLAGE_APP).get(BASE + "requests/" + id + ".json");
        read.then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].service_request_id", equalTo(id))
                .body("[0].status", equalTo("open"))
                .body("[0].service_code", equalTo("NEIGHBOR"))
                .body("[0].agency_responsible", equalTo("诸暨市枫桥镇"))
                .body("[0].status_notes", startsWith("待签收。"))
                .body("[0].expected_datetime", notNullValue());
        for (String personal : List.of("王", "13900001234", "wang@example.org", "噪音", "陈家村")) {
            assertThat(read.asString()).doesNotContain(personal);
        }
        given().queryParam("api_key", VILLAGE_APP).get(BASE + "requests/" + id + ".xml").then().statusCode(200)
                .body("service_requests.request.service_request_id", equalTo(id))
                .body("service_requests.request.status", equalTo("open"));
        given().queryParam("api_key", VILLAGE_APP).get(BASE + "tokens/" + token + ".json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id)).body("[0].token", equalTo(token));

        // Signed, then resolved by the township: closed, with the outcome in the notes (an Open311 client
        // hears back by reading, so nothing waits for feedback and the case is closed at once).
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", FENGQIAO)).statusCode(200);
        given().queryParam("api_key", VILLAGE_APP).get(BASE + "requests/" + id + ".json").then()
                .body("[0].status_notes", startsWith("已签收。")).body("[0].status_notes", org.hamcrest.Matchers
                        .endsWith("诸暨市枫桥镇：签收"));
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", FENGQIAO, "outcome", "MEDIATED")).statusCode(200);
        given().queryParam("api_key", VILLAGE_APP).get(BASE + "requests/" + id + ".json").then()
                .body("[0].status", equalTo("closed"))
                .body("[0].status_notes", startsWith("已结案（调解成功）。"));
        given().queryParam("api_key", VILLAGE_APP).queryParam("status", "closed")
                .queryParam("service_code", "NEIGHBOR").get(BASE + "requests.json").then().statusCode(200)
                .body("service_request_id", hasItem(id));
        given().queryParam("api_key", VILLAGE_APP).queryParam("status", "open").get(BASE + "requests.json").then()
                .statusCode(200).body("service_request_id", not(hasItem(id)));
        given().queryParam("api_key", VILLAGE_APP).queryParam("service_request_id", id + ",FQ2026010100000000")
                .get(BASE + "requests.json").then().statusCode(200).body("service_request_id", equalTo(List.of(id)));
    }

    @Test
    void aClientFilesAndReadsOnlyAsItself() {
        String token = "t-" + UUID.randomUUID();
        String id = file(neighbourRequest(MINI_PROGRAM, token), "json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        // The other client's key: its request is not found, nor its token; its list does not show it.
        given().queryParam("api_key", VILLAGE_APP).get(BASE + "requests/" + id + ".json").then().statusCode(404)
                .body("[0].code", equalTo(404));
        given().queryParam("api_key", VILLAGE_APP).get(BASE + "tokens/" + token + ".json").then().statusCode(404);
        given().queryParam("api_key", VILLAGE_APP).queryParam("service_request_id", id).get(BASE + "requests.json")
                .then().statusCode(200).body("", hasSize(0));
        // The same token from the other client is a request of its own.
        String other = file(neighbourRequest(VILLAGE_APP, token), "json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        assertThat(other).isNotEqualTo(id);
        given().queryParam("api_key", MINI_PROGRAM).get(BASE + "requests/" + id + ".json").then().statusCode(200);

        // No key, or one nobody has: 401 in Open311's form, nothing filed.
        Map<String, String> unknown = neighbourRequest("not-a-key", "t-" + UUID.randomUUID());
        file(unknown, "json").then().statusCode(401).body("[0].code", equalTo(401));
        Map<String, String> none = neighbourRequest(VILLAGE_APP, "t-" + UUID.randomUUID());
        none.remove("api_key");
        file(none, "xml").then().statusCode(401).body("errors.error.code", equalTo("401"));
        given().get(BASE + "requests/" + id + ".json").then().statusCode(401);
    }

    /**
     * A client filing faster than its own limit (the test-only rate-probe-app: one request per 2 s,
     * bursts of 3) is answered 429 in Open311's error form with Retry-After, and the refused request
     * is not kept; another client goes on meanwhile.
     */
    @Test
    void aClientOverItsRateLimitIsRefusedWith429AndOthersGoOn() throws Exception {
        Response refused = null;
        String refusedToken = null;
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 12 && refused == null; i++) {
            String token = "t-" + UUID.randomUUID();
            Response answer = file(neighbourRequest(RATE_PROBE_APP, token), "json");
            if (answer.statusCode() == 429) {
                refused = answer;
                refusedToken = token;
            } else {
                assertThat(answer.statusCode()).isEqualTo(201);
                accepted.add(answer.jsonPath().getString("[0].service_request_id"));
            }
        }
        assertThat(refused).as("a 429 within 12 quick requests").isNotNull();
        assertThat(accepted).isNotEmpty();
        refused.then().body("[0].code", equalTo(429)).body("[0].description", notNullValue());
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 5L);
        given().queryParam("api_key", RATE_PROBE_APP).get(BASE + "tokens/" + refusedToken + ".json").then()
                .statusCode(404);

        String other = file(neighbourRequest(VILLAGE_APP, "t-" + UUID.randomUUID()), "json").then().statusCode(201)
                .extract().jsonPath().getString("[0].service_request_id");
        accepted.add(other);
        // Each accepted request, once, reached 枫桥镇's queue (other tests' requests may be there too).
        List<String> delivered = new ArrayList<>();
        long until = System.nanoTime() + 15_000_000_000L;
        while (!delivered.containsAll(accepted) && System.nanoTime() < until) {
            for (TextMessage m : queues.drain("dispute.handler." + FENGQIAO, 1000)) {
                delivered.add(m.getStringProperty("disputeId"));
            }
        }
        assertThat(delivered.stream().filter(accepted::contains).toList())
                .containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void invalidRequestsAreRefusedInOpen311sErrorFormat() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", VILLAGE_APP);
        form.put("description", "测试");
        Response refused = file(form, "json");
        refused.then().statusCode(400)
                .body("code", equalTo(List.of(400, 400)))
                .body("description", hasItem(startsWith("service_code: ")))
                .body("description", hasItem(startsWith("address_string: ")));

        Map<String, String> bad = neighbourRequest(VILLAGE_APP, "t-" + UUID.randomUUID());
        bad.put("service_code", "LABOR");
        bad.put("attribute[person_count]", "很多");
        bad.put("attribute[colour]", "red");
        bad.put("media_url", "javascript:alert(1)");
        bad.put("phone", "call me");
        bad.put("lat", "29.7");
        file(bad, "json").then().statusCode(400)
                .body("description", hasItem(startsWith("attribute[person_count]: ")))
                .body("description", hasItem(startsWith("attribute[colour]: ")))
                .body("description", hasItem(startsWith("long: ")));
        bad.remove("attribute[person_count]");
        bad.remove("attribute[colour]");
        bad.remove("lat");
        file(bad, "json").then().statusCode(400)
                .body("description", hasItem(startsWith("media_url: ")))
                .body("description", hasItem(startsWith("phone: ")));

        // Text screening, as for every source: a control character in the description.
        Map<String, String> control = neighbourRequest(VILLAGE_APP, "t-" + UUID.randomUUID());
        control.put("description", "噪音\u0000扰民");
        file(control, "json").then().statusCode(400).body("description[0]", startsWith("description: "));
        // Only the form is taken.
        given().contentType(ContentType.JSON).body("{\"service_code\":\"NEIGHBOR\"}").post(BASE + "requests.json")
                .then().statusCode(400).body("[0].description", startsWith("Content-Type: "));
        given().queryParam("api_key", VILLAGE_APP).queryParam("start_date", "yesterday").get(BASE + "requests.json")
                .then().statusCode(400).body("[0].description", startsWith("start_date: "));
    }

    @Test
    void coordinatesAloneGoToTriageAndAttributesBecomeFields() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", VILLAGE_APP);
        form.put("service_code", "LABOR");
        form.put("description", "工地拖欠工资三个月，工友多次讨要未果。");
        form.put("lat", "30.4412"); // north of where the tests' generated addresses lie
        form.put("long", "120.3301");
        form.put("attribute[person_count]", "12");
        form.put("attribute[amount]", "86000.50");
        String id = file(form, "json").then().statusCode(201).extract().path("[0].service_request_id");

        String handler = GatewayApi.handler(id);
        assertThat(handler).endsWith("-TRIAGE");
        List<TextMessage> messages = queues.drain("dispute.handler." + handler, 5000);
        TextMessage message = messages.stream().filter(m -> {
            try {
                return id.equals(m.getStringProperty("disputeId"));
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        JsonNode dispute = json.readTree(message.getText());
        assertThat(dispute.at("/location/address").asText()).isEqualTo("坐标 30.4412,120.3301");
        assertThat(dispute.at("/personCount").asInt()).isEqualTo(12);
        assertThat(dispute.at("/amount").decimalValue()).isEqualByComparingTo("86000.50");
        assertThat(dispute.at("/risk/flags").toString()).contains("GROUP");
    }
}
