package org.fengqiao.gateway.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The gateway's REST API as tests drive it: post a work order, send handler events, read a dispute. */
public final class GatewayApi {

    private GatewayApi() {
    }

    /** A valid hotline work order at the address, with a fresh ID number (so no same-matter links). */
    public static String postWorkOrder(String gdbh, String address) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("fsdz", address);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random(), "lxdh", "13900001111"));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }

    public static ValidatableResponse event(String id, Map<String, Object> event) {
        return given().contentType(ContentType.JSON).body(event).post("/api/v1/disputes/" + id + "/events").then();
    }

    public static ValidatableResponse evaluate(String gdbh, String myd) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("gdbh", gdbh, "myd", myd, "hfnr", "回访记录", "hfsj", "2026-12-01 10:00:00"))
                .post("/api/v1/sources/hotline/evaluations").then();
    }

    public static void status(String id, String expected) {
        given().get("/api/v1/disputes/" + id).then().statusCode(200).body("dispute.status", equalTo(expected));
    }

    public static String handler(String id) {
        return disputeField(id, "dispute.assignment.handlerId");
    }

    /** One field of the dispute as the read API answers it, by its path in the answer. */
    public static String disputeField(String id, String path) {
        return given().get("/api/v1/disputes/" + id).then().extract().path(path);
    }

    public static int historySize(String id) {
        return given().get("/api/v1/disputes/" + id).then().extract().path("history.size()");
    }
}
