package org.fengqiao.gateway.mappings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The court simulator in mappings/ answers its outbound API as docs/contracts.md §Court pre-
 * litigation mediation describes.
 */
class CourtSimulatorTest {

    static final WireMockSimulators simulators = new WireMockSimulators();
    static final String CASE_NO = "(2026)浙0681民诉前调1234号";
    static String court;

    @BeforeAll
    static void start() {
        court = simulators.start().get("gateway.sources.court.base-url");
    }

    @AfterAll
    static void stop() {
        simulators.stop();
    }

    @Test
    void eachOutcomeIsAccepted() {
        put(CASE_NO, Map.of("outcome", "MEDIATED", "agreement", "被告于2026年12月31日前归还借款五万元",
                "closedAt", "2026-12-10T16:00:00+08:00"))
                .then().statusCode(200).body("code", equalTo(0));
        put(CASE_NO, Map.of("outcome", "FAILED", "closedAt", "2026-12-10T16:00:00+08:00"))
                .then().statusCode(200).body("code", equalTo(0));
        put(CASE_NO, Map.of("outcome", "WITHDRAWN", "agreement", "", "closedAt", "2026-12-10T16:00:00+08:00"))
                .then().statusCode(200);
    }

    @Test
    void incompleteCallsAreRefusedAsTheRealApiDoes() {
        // No closing time; an unknown outcome; a mediated case without its agreement.
        put(CASE_NO, Map.of("outcome", "MEDIATED", "agreement", "x")).then().statusCode(400)
                .body("code", equalTo(40001));
        put(CASE_NO, Map.of("outcome", "SETTLED", "closedAt", "2026-12-10T16:00:00+08:00")).then().statusCode(400);
        put(CASE_NO, Map.of("outcome", "MEDIATED", "closedAt", "2026-12-10T16:00:00+08:00")).then().statusCode(400);
        // The result is a PUT on the case's own resource, nothing else.
        given().baseUri(court).contentType(ContentType.JSON)
                .body(Map.of("outcome", "FAILED", "closedAt", "2026-12-10T16:00:00+08:00"))
                .post("/api/mediations/" + CASE_NO + "/result").then().statusCode(400);
    }

    private static Response put(String caseNo, Map<String, Object> body) {
        return given().baseUri(court).contentType(ContentType.JSON).body(body)
                .put("/api/mediations/{caseNo}/result", caseNo);
    }
}
