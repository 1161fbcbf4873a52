package org.fengqiao.gateway.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * Problem answers in Chinese when the client asks for it, English otherwise: the same code, status,
 * structure and field names; only title, detail and the fields' messages differ.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ProblemLanguageTest {

    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";

    @Test
    void anInvalidBodyIsAnsweredInTheClientsLanguage() {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.remove("sqnr");
        order.put("sqlx", "x".repeat(100));
        Response english = post(order, null);
        Response chinese = post(order, "zh-CN,zh;q=0.9,en;q=0.8");
        for (Response r : List.of(english, chinese)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("code")).isEqualTo("INVALID_REQUEST");
        }
        assertThat(chinese.jsonPath().getList("errors.field")).isEqualTo(english.jsonPath().getList("errors.field"))
                .contains("sqnr");
        assertThat(english.jsonPath().getString("title")).isEqualTo("The request does not meet its contract");
        assertThat(chinese.jsonPath().getString("title")).isEqualTo("请求不符合接口约定");
        assertThat(english.jsonPath().getString("detail")).endsWith("field(s) rejected; nothing was stored");
        assertThat(chinese.jsonPath().getString("detail")).endsWith("个字段未通过校验；未保存任何内容");
        assertThat(english.jsonPath().getString("errors.find { it.field == 'sqnr' }.message")).isEqualTo("is required");
        assertThat(chinese.jsonPath().getString("errors.find { it.field == 'sqnr' }.message")).isEqualTo("为必填项");
        assertThat(chinese.jsonPath().getMap("$").keySet()).isEqualTo(english.jsonPath().getMap("$").keySet());
    }

    @Test
    void refusalsAreAnsweredInTheClientsLanguage() {
        // A source's missing header (401), in Chinese with the header named.
        given().header(SignedSources.UNSIGNED, "1").header("Accept-Language", "zh-Hans")
                .contentType("application/json;charset=UTF-8").body("{}").post(WORK_ORDERS).then().statusCode(401)
                .body("code", equalTo("UNAUTHORIZED")).body("title", equalTo("未通过身份认证"))
                .body("detail", containsString("X-Fq-Signature"))
                .body("errors.message", hasItems("缺失"));
        // Staff not signed in (401), with the schemes it may use.
        Response staff = given().header(SignedSources.UNSIGNED, "1").header("Accept-Language", "zh")
                .get("/api/v1/disputes/FQ1");
        staff.then().statusCode(401).body("code", equalTo("UNAUTHORIZED")).body("title", equalTo("未通过身份认证"))
                .body("detail", containsString("Bearer 令牌"));
        assertThat(staff.headers().getValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Bearer"))
                .anyMatch(v -> v.startsWith("Basic"));
        given().header(SignedSources.UNSIGNED, "1").auth().preemptive().basic("330681104", "guessed")
                .header("Accept-Language", "zh-CN").get("/api/v1/disputes/FQ1").then().statusCode(401)
                .body("detail", equalTo("用户不存在或密码错误"));
        // Another township's inbox (403).
        given().header("X-Handler-Id", "330681109").header("Accept-Language", "zh-CN")
                .get("/api/v1/handlers/330681104/items").then().statusCode(403).body("code", equalTo("FORBIDDEN"))
                .body("title", equalTo("无权操作")).body("detail", equalTo("330681109 无权查看 330681104 的待办"));
        given().header("X-Handler-Id", "330681109").get("/api/v1/handlers/330681104/items").then().statusCode(403)
                .body("title", equalTo("Not allowed"))
                .body("detail", equalTo("330681109 may not read the inbox of 330681104"));
    }

    @Test
    void stateAndRoutingProblemsAreAnsweredInTheClientsLanguage() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        // Resolving what is not signed (409).
        given().header("Accept-Language", "zh-CN").contentType(ContentType.JSON)
                .body(Map.of("type", "RESOLVED", "handlerId", "330681104", "outcome", "MEDIATED"))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(409).body("code", equalTo("CONFLICT"))
                .body("currentState", equalTo("DISPATCHED")).body("title", equalTo("当前状态下无法进行此操作"))
                .body("detail", containsString("纠纷当前状态为 DISPATCHED"));
        // A path nobody serves (404 from the HTTP layer), a method a path does not take (405).
        given().header("Accept-Language", "zh-CN").get("/no-such-path").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND")).body("title", equalTo("未找到")).body("detail", equalTo("该路径下没有资源"));
        given().get("/no-such-path").then().statusCode(404).body("title", equalTo("Not found"));
        given().header("Accept-Language", "zh-CN").header(SignedSources.UNSIGNED, "1").delete(WORK_ORDERS).then()
                .statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED")).body("title", equalTo("不支持该请求方法"));
    }

    @Test
    void aQueryErrorOnAReadDoesNotSpeakOfStoring() {
        given().queryParam("status", "BOGUS").queryParam("size", 0).get("/api/v1/handlers/330681104/items").then()
                .statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("detail", equalTo("2 parameter(s) of the query rejected"))
                .body("detail", not(containsString("stored")))
                .body("errors.field", equalTo(List.of("size", "status")));
        given().header("Accept-Language", "zh-CN").queryParam("status", "BOGUS")
                .get("/api/v1/handlers/330681104/items").then().statusCode(400)
                .body("detail", equalTo("查询中有 1 个参数未通过校验"))
                .body("errors.message", equalTo(List.of("必须是以下之一：" + List.of(
                        org.fengqiao.gateway.canonical.DisputeStatus.values()))));
    }

    private static Response post(Map<String, Object> order, String language) {
        var request = given().contentType(ContentType.JSON).body(WorkOrders.json(order));
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return request.post(WORK_ORDERS);
    }
}
