package org.fengqiao.gateway.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

/**
 * One matter reported by two sources: a worker's hotline call about unpaid wages, and the court's
 * pre-litigation mediation of the same worker's claim. With the same worker's ID number and township,
 * the gateway links them.
 */
public final class SameMatterCases {

    private SameMatterCases() {
    }

    /** The hotline call: 劳资纠纷, so on its own it goes to the county's labour arbitration. */
    public static String hotlineCall(String workerId, String foremanId) {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("sqbt", "包工头拖欠工资");
        order.put("sqnr", "在枫桥镇某工地做工三个月，包工头拖欠工资一万八千元，多次讨要无果。");
        order.put("fsdz", "诸暨市枫桥镇枫溪路某工地");
        order.put("flmc", "劳资纠纷");
        order.put("sqr", Map.of("xm", "测试工人", "sfzh", workerId, "lxdh", "13900005555"));
        order.put("dfr", List.of(Map.of("xm", "测试包工头", "sfzh", foremanId, "dz", "诸暨市枫桥镇")));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders")
                .then().statusCode(202).extract().jsonPath().getString("disputeId");
    }

    /** The court case: 劳务合同纠纷 is a CONTRACT, so on its own it would go to the defendant's township. */
    public static String courtCase(String workerId, String defendantAddress) {
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        mediation.put("causeOfAction", "劳务合同纠纷");
        mediation.put("claims", "判令被告支付劳务报酬18000元。");
        mediation.put("amount", 18000);
        mediation.put("plaintiffs", List.of(
                CourtMediations.person("测试工人", workerId, "13900005555", "诸暨市暨阳街道")));
        mediation.put("defendants", List.of(
                CourtMediations.person("测试包工头", IdNumbers.random(), null, defendantAddress)));
        return given().contentType(ContentType.JSON).body(CourtMediations.json(mediation))
                .post("/api/v1/sources/court/mediations")
                .then().statusCode(202).extract().jsonPath().getString("disputeId");
    }
}
