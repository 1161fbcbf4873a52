package org.fengqiao.gateway.mappings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The petition platform simulator in mappings/ answers its outbound API as docs/contracts.md
 * §Petition platform describes.
 */
class PetitionSimulatorTest {

    static final WireMockSimulators simulators = new WireMockSimulators();
    static String petition;

    static final String RESULT = "<XfResult><Bljg>经调解双方达成协议，已履行</Bljg><Bldw>诸暨市枫桥镇</Bldw>"
            + "<Bjsj>2026-12-20T16:00:00+08:00</Bjsj></XfResult>";

    @BeforeAll
    static void start() {
        petition = simulators.start().get("gateway.sources.petition.base-url");
    }

    @AfterAll
    static void stop() {
        simulators.stop();
    }

    @Test
    void acceptanceAndResultAreAccepted() {
        post("/xf/items/XF3306812026112900001/acceptance", "application/xml;charset=UTF-8",
                "<XfAcceptance><Sldw>诸暨市枫桥镇</Sldw><Slsj>2026-11-30T10:00:00+08:00</Slsj></XfAcceptance>")
                .then().statusCode(200).contentType(startsWith("application/xml"))
                .body("XfResponse.Code", equalTo("0"));
        post("/xf/items/XF3306812026112900001/result", "application/xml;charset=UTF-8", RESULT)
                .then().statusCode(200).body("XfResponse.Code", equalTo("0"));
        post("/xf/items/XF3306812026112900001/result", "text/xml;charset=UTF-8", RESULT).then().statusCode(200);
    }

    @Test
    void incompleteCallsAreRefusedAsTheRealApiDoes() {
        String noUnit = "<XfResult><Bljg>已办结</Bljg><Bjsj>2026-12-20T16:00:00+08:00</Bjsj></XfResult>";
        String emptyResult = "<XfResult><Bljg> </Bljg><Bldw>诸暨市枫桥镇</Bldw>"
                + "<Bjsj>2026-12-20T16:00:00+08:00</Bjsj></XfResult>";
        String localTime = "<XfResult><Bljg>已办结</Bljg><Bldw>诸暨市枫桥镇</Bldw><Bjsj>2026-12-20 16:00:00</Bjsj></XfResult>";
        for (String body : new String[] { noUnit, emptyResult, localTime, "not xml" }) {
            post("/xf/items/XF1/result", "application/xml", body).then().statusCode(400)
                    .body("XfResponse.Code", equalTo("40001"));
        }
        post("/xf/items/XF1/result", "application/json", "{\"Bljg\": \"已办结\"}").then().statusCode(400);
        post("/xf/items/XF1/acceptance", "application/xml", "").then().statusCode(400);
        post("/xf/items/XF1/acceptance", "application/xml", "<open").then().statusCode(400);
        given().baseUri(petition).get("/xf/items/XF1/result").then().statusCode(400);
    }

    private static Response post(String path, String contentType, String body) {
        return given().baseUri(petition).contentType(contentType).body(body).post(path);
    }
}
