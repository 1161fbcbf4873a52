package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.fengqiao.gateway.support.SameMatterCases.courtCase;
import static org.fengqiao.gateway.support.SameMatterCases.hotlineCall;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One matter, two sources: a worker calls the 12345 hotline about unpaid wages, later the court
 * entrusts the same worker's claim against the same foreman to pre-litigation mediation. Same
 * township and a shared party ID number: the court case goes to whoever already holds the hotline
 * one, both are linked, and both are delivered.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SameMatterLinkTest {

    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇
    static final String YAOJIANG = "330681106"; // 诸暨市姚江镇
    static final String LABOR_ARBITRATION = "330681-LABOR-ARBITRATION";

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @Test
    void theCourtCaseGoesToTheHandlerOfTheHotlineCallAndBothAreLinked() throws Exception {
        queues.drain("dispute.handler." + LABOR_ARBITRATION, 100);
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String workerId = IdNumbers.random();

        String hotline = hotlineCall(workerId, IdNumbers.random());
        given().get("/api/v1/disputes/" + hotline).then().statusCode(200)
                .body("dispute.location.townshipCode", equalTo(FENGQIAO))
                .body("dispute.assignment.handlerId", equalTo(LABOR_ARBITRATION));

        String court = courtCase(workerId, "诸暨市枫桥镇枫溪路某工地宿舍");

        given().get("/api/v1/disputes/" + court).then().statusCode(200)
                .body("dispute.category.code", equalTo("CONTRACT"))
                .body("dispute.location.townshipCode", equalTo(FENGQIAO))
                .body("dispute.assignment.handlerId", equalTo(LABOR_ARBITRATION))
                .body("dispute.assignment.reason", startsWith("same-matter: handled with " + hotline))
                .body("dispute.assignment.reason", containsString("HOTLINE_12345"))
                .body("dispute.related.disputeId", equalTo(List.of(hotline)))
                .body("dispute.related[0].relation", equalTo("SAME_MATTER"))
                .body("history[1].reason", startsWith("same-matter"));
        given().get("/api/v1/disputes/" + hotline).then().statusCode(200)
                .body("dispute.assignment.handlerId", equalTo(LABOR_ARBITRATION))
                .body("dispute.related.disputeId", hasItem(court))
                .body("dispute.related.find { it.disputeId == '" + court + "' }.reason",
                        containsString("COURT_MEDIATION"));

        // Both reports reach the handler; neither is dropped or merged away.
        List<TextMessage> delivered = queues.drain("dispute.handler." + LABOR_ARBITRATION, 5000);
        assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(hotline, court);
        JsonNode courtMessage = json.readTree(delivered.get(1).getText());
        assertThat(courtMessage.at("/source/system").asText()).isEqualTo("COURT_MEDIATION");
        assertThat(courtMessage.at("/related/0/disputeId").asText()).isEqualTo(hotline);
        assertThat(queues.depth("dispute.handler." + FENGQIAO)).isZero();
    }

    @Test
    void aSharedIdNumberInAnotherTownshipIsNotTheSameMatter() throws Exception {
        queues.drain("dispute.handler." + LABOR_ARBITRATION, 100);
        queues.drain("dispute.handler." + YAOJIANG, 100);
        String workerId = IdNumbers.random();

        String hotline = hotlineCall(workerId, IdNumbers.random());
        String court = courtCase(workerId, "诸暨市姚江镇某村");

        given().get("/api/v1/disputes/" + court).then().statusCode(200)
                .body("dispute.location.townshipCode", equalTo(YAOJIANG))
                .body("dispute.assignment.handlerId", equalTo(YAOJIANG))
                .body("dispute.assignment.reason", startsWith("township-of-jurisdiction"))
                .body("dispute.related", nullValue());
        given().get("/api/v1/disputes/" + hotline).then().statusCode(200)
                .body("dispute.related", nullValue());

        assertThat(queues.drain("dispute.handler." + YAOJIANG, 5000))
                .extracting(m -> m.getStringProperty("disputeId")).containsExactly(court);
        assertThat(queues.drain("dispute.handler." + LABOR_ARBITRATION, 5000))
                .extracting(m -> m.getStringProperty("disputeId")).containsExactly(hotline);
    }
}
