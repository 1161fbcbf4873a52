package org.fengqiao.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/** The resolver as integration engineers query it over HTTP (the full table is JurisdictionResolverTest). */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class JurisdictionApiTest {

    @Test
    void anInformalAddressResolvesToItsTownshipAndHandler() {
        given().queryParam("address", "浙江绍兴诸暨 店口镇解放路１８号").get("/api/v1/jurisdiction/resolve")
                .then().statusCode(200)
                .body("townshipCode", equalTo("330681104"))
                .body("townshipName", equalTo("店口镇"))
                .body("countyCode", equalTo("330681"))
                .body("method", equalTo("TOWNSHIP_NAME"))
                .body("candidates", hasSize(0))
                .body("handlerId", equalTo("330681104"));
    }

    @Test
    void anAmbiguousVillageGoesToTheCountyTriageWithItsCandidates() {
        given().queryParam("address", "江东社区").queryParam("county", "330681").get("/api/v1/jurisdiction/resolve")
                .then().statusCode(200)
                .body("townshipCode", nullValue())
                .body("method", equalTo("COUNTY_ONLY"))
                .body("candidates", hasSize(2))
                .body("handlerId", equalTo("330681-TRIAGE"));
    }

    @Test
    void anAddressElsewhereGoesToTheCityTriage() {
        given().queryParam("address", "杭州市西湖区文三路").get("/api/v1/jurisdiction/resolve")
                .then().statusCode(200)
                .body("method", equalTo("OUTSIDE_REGION"))
                .body("handlerId", equalTo("3306-TRIAGE"));
    }
}
