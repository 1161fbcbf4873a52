package org.fengqiao.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/** Staff sign in and see and act on their own handler's items only; triage and centre by county. */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class StaffAccessTest {

    @Test
    void staffMustSignIn() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        given().header(SignedSources.UNSIGNED, "1").get("/api/v1/disputes/" + id).then().statusCode(401)
                .body("code", equalTo("UNAUTHORIZED"));
        given().header(SignedSources.UNSIGNED, "1").auth().preemptive().basic("330681104", "guessed")
                .get("/api/v1/disputes/" + id).then().statusCode(401);
        // Public: the schema and the resolver.
        given().header(SignedSources.UNSIGNED, "1").get("/api/v1/schemas/canonical-dispute-v1.json").then()
                .statusCode(200);
    }

    @Test
    void aTownshipSeesAndActsOnItsOwnItemsOnly() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        as("330681104").get("/api/v1/disputes/" + id).then().statusCode(200);
        as("330681109").get("/api/v1/disputes/" + id).then().statusCode(404);
        as("330681104").get("/api/v1/handlers/330681104/items").then().statusCode(200);
        as("330681109").get("/api/v1/handlers/330681104/items").then().statusCode(403);
        // Another county's triage desk does not read it either; this county's does, and its centre.
        as("330602-TRIAGE").get("/api/v1/disputes/" + id).then().statusCode(404);
        as("330681-TRIAGE").get("/api/v1/disputes/" + id).then().statusCode(200);
        as("330681-CENTRE").get("/api/v1/handlers/330681104/items").then().statusCode(200);
        // An event names the caller's own handler, or it is refused; the operator reads no cases.
        as("330681109").contentType(ContentType.JSON).body(Map.of("type", "SIGNED", "handlerId", "330681104"))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(403);
        as("operator").get("/api/v1/disputes/" + id).then().statusCode(404);
        as("330681104").get("/api/v1/feedback/dead-letters").then().statusCode(403);
        as("operator").get("/api/v1/feedback/dead-letters").then().statusCode(200);
        as("330681-CENTRE").get("/api/v1/feedback/dead-letters").then().statusCode(200);
        as("330681-CENTRE").post("/api/v1/feedback/dead-letters/1/redrive").then().statusCode(403);
        as("330681104").contentType(ContentType.JSON).body(Map.of("type", "SIGNED", "handlerId", "330681104"))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(200);
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().header("Authorization", SignedSources.basic(user));
    }
}
