package org.fengqiao.gateway.casestatus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * A source reads its own cases with the credential it posts with: the grid platform with its API
 * key, the hotline with a signed GET (the test filter signs as each source: support.SignedSources).
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SourceCaseStatusTest {

    static final String FENGQIAO = "330681109";

    static Response postReport(String sbbh) {
        return given().contentType(ContentType.JSON).body(GridReports.json(GridReports.valid(sbbh)))
                .post("/api/v1/sources/grid-worker/reports");
    }

    @Test
    void theLocationOfTheSourcesAnswerIsItsOwnStatusLookup() {
        String sbbh = GridReports.newSbbh();
        Response accepted = postReport(sbbh);
        accepted.then().statusCode(202);
        String id = accepted.jsonPath().getString("disputeId");
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/sources/grid-worker/disputes/" + id);

        Response read = given().get(accepted.header("Location"));
        read.then().statusCode(200)
                .body("disputeId", equalTo(id))
                .body("recordId", equalTo(sbbh))
                .body("status", equalTo("DISPATCHED"))
                .body("statusName", equalTo("待签收"))
                .body("open", equalTo(true))
                .body("categoryCode", equalTo("NEIGHBOR"))
                .body("handler.id", equalTo(FENGQIAO))
                .body("handler.name", equalTo("诸暨市枫桥镇"))
                .body("dueAt", equalTo("2026-12-05T23:59:59+08:00"))
                .body("history.event", equalTo(List.of("RECEIVED", "DISPATCHED")))
                .body("history[1].handlerName", equalTo("诸暨市枫桥镇"));
        // The public view: nothing the parties wrote, nothing about who they are.
        String body = read.asString();
        for (String personal : List.of("测试网格员", "13900006666", "测试村民甲", "13900007777", "排水沟", "陈家社区")) {
            assertThat(body).doesNotContain(personal);
        }

        // By its own record number: the same case. Posting it again still names the lookup.
        given().get("/api/v1/sources/grid-worker/cases/" + sbbh).then().statusCode(200)
                .body("disputeId", equalTo(id));
        postReport(sbbh).then().statusCode(200)
                .header("Location", "/api/v1/sources/grid-worker/disputes/" + id);
    }

    @Test
    void aSourceFollowsItsCaseThroughHandlingWithASignedGet() {
        String gdbh = WorkOrders.newGdbh();
        Map<String, Object> order = WorkOrders.valid(gdbh);
        Response accepted = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders");
        accepted.then().statusCode(202);
        String id = accepted.jsonPath().getString("disputeId");
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/sources/hotline/disputes/" + id);
        String handler = GatewayApi.handler(id);

        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", handler)).statusCode(200);
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", handler, "outcome", "MEDIATED",
                "note", "双方达成协议")).statusCode(200);

        given().get("/api/v1/sources/hotline/cases/" + gdbh).then().statusCode(200)
                .body("disputeId", equalTo(id))
                .body("status", equalTo("RESOLVED"))
                .body("open", equalTo(false))
                .body("outcome.code", equalTo("MEDIATED"))
                .body("outcome.name", equalTo("调解成功"))
                .body("history.event", equalTo(List.of("RECEIVED", "DISPATCHED", "SIGNED", "RESOLVED")));
        // What staff wrote may quote the parties: it is not part of the public history.
        assertThat(given().get("/api/v1/sources/hotline/disputes/" + id).asString()).doesNotContain("双方达成协议");
    }

    @Test
    void anotherSourcesCaseIsNotFoundAndAnUnsignedReadIsRefused() {
        String sbbh = GridReports.newSbbh();
        String id = postReport(sbbh).then().statusCode(202).extract().path("disputeId");

        // The hotline's valid signature, asking for the grid platform's case: as if it did not exist.
        given().get("/api/v1/sources/hotline/disputes/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().get("/api/v1/sources/hotline/cases/" + sbbh).then().statusCode(404);
        // The hotline's credential on the grid platform's path: not its path.
        given().headers(SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", new byte[0],
                java.time.Instant.now())).get("/api/v1/sources/grid-worker/disputes/" + id)
                .then().statusCode(403);
        given().header(SignedSources.UNSIGNED, "1").get("/api/v1/sources/hotline/disputes/" + id)
                .then().statusCode(401);
        given().get("/api/v1/sources/grid-worker/disputes/FQ2026010100000000").then().statusCode(404);
    }
}
