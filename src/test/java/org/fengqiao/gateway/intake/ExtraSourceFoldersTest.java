package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.UUID;

import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A source defined in a folder of gateway.extra-source-dirs (the test profile's
 * src/test/resources/test-config/sources): its definition, its schema and its category table are
 * read from there, its route from test-routes/, and it works like one of config/sources/.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ExtraSourceFoldersTest {

    static final String CASES = "/api/v1/sources/test-push/cases";
    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇

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

    static io.restassured.response.Response post(String body) {
        return given().header("X-Api-Key", "test-push-api-key").contentType(ContentType.JSON).body(body).post(CASES);
    }

    @Test
    void aCaseOfASourceFromAnExtraFolderReachesItsTownshipThroughItsOwnTable() throws Exception {
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String bh = "TP-" + UUID.randomUUID();
        String body = "{\"bh\":\"" + bh + "\",\"nr\":\"两户因排水沟堵塞发生争执。\",\"lx\":\"测试邻里\","
                + "\"dz\":\"诸暨市枫桥镇陈家社区\"}";
        String id = post(body).then().statusCode(202).body("status", equalTo("DISPATCHED")).extract().jsonPath()
                .getString("disputeId");

        List<TextMessage> messages = queues.drain("dispute.handler." + FENGQIAO, 5000);
        assertThat(messages).hasSize(1);
        JsonNode dispute = json.readTree(messages.get(0).getText());
        assertThat(dispute.at("/disputeId").asText()).isEqualTo(id);
        assertThat(dispute.at("/source/system").asText()).isEqualTo("TEST_PUSH");
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo(bh);
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("测试推送");
        // The table beside the extra folder (test-config/categories/TEST_PUSH.yaml), not config/categories/.
        assertThat(dispute.at("/category/rule").asText()).isEqualTo("table TEST_PUSH: 测试邻里");
        assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");

        post(body).then().statusCode(200).body("disputeId", equalTo(id));
        assertThat(queues.drain("dispute.handler." + FENGQIAO, 1000)).isEmpty();
    }

    @Test
    void itsSchemaIsReadFromBesideItAndNamesTheSourcesOwnFields() {
        post("{\"bh\":\"TP-" + UUID.randomUUID() + "\",\"nr\":\"内容\"}").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", equalTo(List.of("dz")));
        given().get("/api/v1/schemas/sources/test-push.schema.json").then().statusCode(200)
                .body("required", equalTo(List.of("bh", "nr", "dz")));
    }
}
