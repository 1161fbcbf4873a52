package org.fengqiao.gateway.mappings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grid platform simulator in mappings/grid-worker answers its acknowledgement API and serves its files. */
class GridWorkerSimulatorTest {

    static final WireMockSimulators simulators = new WireMockSimulators();
    static String grid;

    @BeforeAll
    static void start() {
        simulators.start();
        grid = WireMockSimulators.server().baseUrl();
    }

    @AfterAll
    static void stop() {
        simulators.stop();
    }

    @Test
    void anAcknowledgementIsAccepted() {
        ack("WG3306811092026112900001", Map.of("slzt", "已受理", "sldw", "诸暨市枫桥镇", "slsj", "2026-11-29 10:00:00"))
                .then().statusCode(200).body("code", equalTo("0000"));
        ack("WG3306811092026112900001", Map.of("slzt", "已退回", "sldw", "诸暨市社会治理中心",
                "slsj", "2026-11-29 10:00:00", "thyy", "不属于矛盾纠纷"))
                .then().statusCode(200);
    }

    @Test
    void incompleteCallsAreRefusedAsTheRealApiDoes() {
        ack("WG1", Map.of("slzt", "已受理", "sldw", "诸暨市枫桥镇")).then().statusCode(400).body("code", equalTo("4001"));
        ack("WG1", Map.of("slzt", "处理中", "sldw", "诸暨市枫桥镇", "slsj", "2026-11-29 10:00:00")).then().statusCode(400);
        given().baseUri(grid).get("/api/grid/reports/WG1/ack").then().statusCode(400);
    }

    @Test
    void theFileServerServesItsPhotoToTheGatewayOnly() throws Exception {
        byte[] photo = given().baseUri(grid).header("Authorization", "Bearer dev-grid-files-token")
                .get("/files/grid/2026/11/site-photo.jpg").then().statusCode(200)
                .header("Content-Type", equalTo("image/jpeg")).extract().asByteArray();
        assertThat(photo).isEqualTo(org.fengqiao.gateway.support.GridFiles.samplePhoto());
        given().baseUri(grid).get("/files/grid/2026/11/site-photo.jpg").then().statusCode(404);
    }

    private static Response ack(String sbbh, Map<String, Object> body) {
        return given().baseUri(grid).contentType(ContentType.JSON).body(body)
                .post("/api/grid/reports/{sbbh}/ack", sbbh);
    }
}
