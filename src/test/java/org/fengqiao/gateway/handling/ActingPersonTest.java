package org.fengqiao.gateway.handling;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every act is recorded with the handler it was done for and the person who did it: the signed-in
 * person over HTTP (a token's subject, a Basic user name), the person a township's system names on
 * its event over JMS, else the broker user that sent it.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ActingPersonTest {

    static final String DIANKOU = "330681104";
    static final String ISSUER = "https://identity.test/fengqiao";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FeedbackRelay relay;

    /**
     * Tells the hotline what these tests did (feedback rounds are driven by the tests), so that no
     * call of theirs is left waiting in the outbox for another test's round.
     */
    @AfterEach
    void deliverFeedback() throws Exception {
        relay.relay("HOTLINE_12345");
    }

    @Test
    void aPersonSignedInWithATokenIsRecordedBesideTheHandler() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        String token = Jwt.issuer(ISSUER).subject("张三").claim("handler_id", DIANKOU)
                .expiresAt(Instant.now().plusSeconds(300)).sign("jwt/private-key.pem");
        // The body's person is not taken over HTTP: the signed-in person acted.
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("type", "SIGNED", "handlerId", DIANKOU, "person", "冒名者"))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(200);
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("history.findAll { it.event == 'SIGNED' }.actor", equalTo(List.of(DIANKOU)))
                .body("history.findAll { it.event == 'SIGNED' }.handlerId", equalTo(List.of(DIANKOU)))
                .body("history.findAll { it.event == 'SIGNED' }.person", equalTo(List.of("张三")));

        // preferred_username, when the token has one, names the person.
        String named = Jwt.issuer(ISSUER).subject("u-8812").claim("preferred_username", "李四")
                .claim("handler_id", DIANKOU).expiresAt(Instant.now().plusSeconds(300)).sign("jwt/private-key.pem");
        given().header("Authorization", "Bearer " + named).contentType(ContentType.JSON)
                .body(Map.of("type", "PROGRESS", "handlerId", DIANKOU, "note", "已约双方面谈"))
                .post("/api/v1/disputes/" + id + "/events").then().statusCode(200);
        given().get("/api/v1/disputes/" + id).then()
                .body("history.findAll { it.event == 'PROGRESS' }.person", equalTo(List.of("李四")));
    }

    @Test
    void withBasicThePersonIsTheUserName() {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        given().header("Authorization", SignedSources.basic(DIANKOU)).contentType(ContentType.JSON)
                .body(Map.of("type", "SIGNED", "handlerId", DIANKOU)).post("/api/v1/disputes/" + id + "/events")
                .then().statusCode(200);
        given().get("/api/v1/disputes/" + id).then()
                .body("history.findAll { it.event == 'SIGNED' }.person", equalTo(List.of(DIANKOU)))
                // The gateway's own acts name nobody in person.
                .body("history.findAll { it.actor == 'gateway' }.person.findAll { it != null }", equalTo(List.of()));
    }

    @Test
    void onTheQueueThePersonIsTheEventsOrElseTheBrokerUser() throws Exception {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        String url = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
        try (HandlerQueues diankou = new HandlerQueues(url, DIANKOU, "dev-" + DIANKOU);
                Session session = diankou.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            producer.send(session.createTextMessage(JSON.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", DIANKOU))));
            producer.send(session.createTextMessage(JSON.writeValueAsString(
                    Map.of("type", "PROGRESS", "disputeId", id, "handlerId", DIANKOU, "note", "电话回访",
                            "person", "王五"))));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/v1/disputes/" + id).then()
                .body("history.findAll { it.event == 'SIGNED' }.person", equalTo(List.of(DIANKOU)))
                .body("history.findAll { it.event == 'PROGRESS' }.person", equalTo(List.of("王五")))
                .body("history.findAll { it.event == 'PROGRESS' }.actor", equalTo(List.of(DIANKOU))));
    }

}
