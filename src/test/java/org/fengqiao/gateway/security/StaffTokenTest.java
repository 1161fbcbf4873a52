package org.fengqiao.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * Production sign-in: a JWT from the identity provider (here signed with the test key pair whose
 * public half the test profile trusts) names the handler the person acts for.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class StaffTokenTest {

    static final String ISSUER = "https://identity.test/fengqiao";

    @Test
    void aTokenFromTheIdentityProviderSignsStaffIn() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        bearer(token("330681104", ISSUER, Instant.now().plusSeconds(300))).get("/api/v1/disputes/" + id)
                .then().statusCode(200).body("dispute.disputeId", equalTo(id));
        bearer(token("330681109", ISSUER, Instant.now().plusSeconds(300))).get("/api/v1/disputes/" + id)
                .then().statusCode(404);
    }

    @Test
    void forgedExpiredForeignAndHandlerlessTokensAreRefused() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        String good = token("330681104", ISSUER, Instant.now().plusSeconds(300));
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        bearer(forged).get("/api/v1/disputes/" + id).then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        bearer(token("330681104", ISSUER, Instant.now().minusSeconds(600))).get("/api/v1/disputes/" + id)
                .then().statusCode(401);
        bearer(token("330681104", "https://elsewhere.example", Instant.now().plusSeconds(300)))
                .get("/api/v1/disputes/" + id).then().statusCode(401);
        bearer(Jwt.issuer(ISSUER).upn("someone").expiresAt(Instant.now().plusSeconds(300))
                .sign("jwt/private-key.pem")).get("/api/v1/disputes/" + id).then().statusCode(401);
    }

    private static String token(String handler, String issuer, Instant expires) {
        return Jwt.issuer(issuer).upn("staff-" + handler).claim("handler_id", handler).expiresAt(expires)
                .sign("jwt/private-key.pem");
    }

    private static io.restassured.specification.RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
