package org.fengqiao.gateway.mappings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hotline simulator in mappings/ answers its outbound API as docs/contracts.md §12345 hotline
 * describes.
 */
class HotlineSimulatorTest {

    static final WireMockSimulators simulators = new WireMockSimulators();
    static String hotline;

    @BeforeAll
    static void start() {
        hotline = simulators.start().get("gateway.sources.hotline.base-url");
    }

    @AfterAll
    static void stop() {
        simulators.stop();
    }

    @Test
    void signFeedbackAndReturnAreAccepted() {
        post("/open/workorder/sign", Map.of("gdbh", "GD1", "qsdw", "诸暨市店口镇", "qssj", "2026-11-29 10:00:00"))
                .then().statusCode(200).body("code", equalTo(0));
        post("/open/workorder/feedback", Map.of("gdbh", "GD1", "blzt", "已办结", "bljg", "双方达成调解协议",
                "bldw", "诸暨市店口镇", "bjsj", "2026-12-01 16:00:00"))
                .then().statusCode(200).body("code", equalTo(0));
        post("/open/workorder/return", Map.of("gdbh", "GD1", "thyy", "不属于本地管辖"))
                .then().statusCode(200).body("code", equalTo(0));
    }

    @Test
    void incompleteCallsAreRefusedAsTheRealApiDoes() {
        post("/open/workorder/sign", Map.of("gdbh", "GD1")).then().statusCode(400).body("code", equalTo(40001));
        post("/open/workorder/feedback", Map.of("gdbh", "GD1", "blzt", "不知道", "bldw", "x"))
                .then().statusCode(400);
    }

    private static io.restassured.response.Response post(String path, Map<String, Object> body) {
        return given().baseUri(hotline).contentType(ContentType.JSON).body(body).post(path);
    }
}
