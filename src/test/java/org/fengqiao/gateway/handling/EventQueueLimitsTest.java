package org.fengqiao.gateway.handling;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.handler;
import static org.fengqiao.gateway.support.GatewayApi.postWorkOrder;
import static org.fengqiao.gateway.support.GatewayApi.status;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken messages on {@code dispute.events}, sent by township systems with a plain
 * Artemis JMS client over TCP: none of them holds up the other townships' events, each is
 * dead-lettered at once with its reason, and readiness shows when the queue does not move.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class EventQueueLimitsTest {

    static final String URL = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
    static final String DIANKOU = "330681104";
    static final String FENGQIAO = "330681109";
    static final String EVENTS = "dispute.events";
    static final String REFUSED = "DLQ.dispute.events";
    static final String EVENTS_ROUTE = "dispute-event-jms";
    /** Far above the 64K limit, small enough to keep the test fast. */
    static final int OVERSIZED_CHARS = 3 * 1024 * 1024;
    static HandlerQueues operator;

    @Inject
    ObjectMapper json;
    @Inject
    CamelContext camel;
    @Inject
    LedgerDatabase ledger;

    @BeforeAll
    static void connect() throws Exception {
        operator = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        operator.close();
    }

    @BeforeEach
    void emptyDeadLetters() throws Exception {
        operator.drainMessages(REFUSED, 100);
    }

    @Test
    void theBrokerRefusesAnOversizedEventFromATownship() throws Exception {
        try (HandlerQueues diankou = township(DIANKOU);
                Session session = diankou.session(false);
                MessageProducer producer = session.createProducer(session.createQueue(EVENTS))) {
            assertThatThrownBy(() -> producer.send(session.createTextMessage(oversized())))
                    .isInstanceOf(JMSException.class).hasMessageContaining("refused");
        }
        assertThat(operator.drainMessages(REFUSED, 500)).isEmpty();
    }

    @Test
    void anOversizedMessageOnTheQueueIsDeadLetteredUnreadAndTheOthersGoOn() throws Exception {
        String id = postWorkOrder(WorkOrders.newGdbh(), "诸暨市枫桥镇陈家社区");
        assertThat(handler(id)).isEqualTo(FENGQIAO);
        // The broker checks what townships send but trusts the gateway's own user: its send stands for a
        // message that reached the queue all the same (an external broker without the plugin).
        try (HandlerQueues gatewayUser = new HandlerQueues(URL, "gateway", "dev-gateway-broker");
                Session session = gatewayUser.session(false);
                MessageProducer producer = session.createProducer(session.createQueue(EVENTS))) {
            TextMessage huge = session.createTextMessage(oversized());
            huge.setStringProperty("township", DIANKOU);
            producer.send(huge);
        }
        long sent = System.nanoTime();
        send(FENGQIAO, session -> session.createTextMessage(json.writeValueAsString(
                Map.of("type", "SIGNED", "disputeId", id, "handlerId", FENGQIAO))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> status(id, "SIGNED"));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
        List<Message> refused = operator.awaitMessages(REFUSED, 1, 10_000);
        assertThat(refused).hasSize(1);
        TextMessage moved = (TextMessage) refused.get(0);
        assertThat(moved.getStringProperty("refusalCode")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(moved.getStringProperty("refusalReason")).contains("at most 65536 bytes");
        assertThat(moved.getStringProperty("township")).isEqualTo(DIANKOU);
        assertThat(moved.getText()).isEqualTo(oversized());
        assertThat(operator.depth(EVENTS)).isZero();
    }

    @Test
    void unreadableAndOverLimitEventsAreDeadLetteredAtOnceWithTheirReason() throws Exception {
        String id = postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        HashMap<String, String> object = new HashMap<>(Map.of("type", "SIGNED", "disputeId", id));
        send(DIANKOU, session -> session.createObjectMessage(object));
        send(DIANKOU, session -> session.createMapMessage());
        // Within what the broker takes, over the limit once counted as UTF-8: the consumer's own check.
        String padded = json.writeValueAsString(Map.of("type", "SIGNED", "disputeId", id, "handlerId", DIANKOU,
                "note", "x".repeat(70_000)));
        send(DIANKOU, session -> session.createTextMessage(padded));

        List<Message> refused = operator.awaitMessages(REFUSED, 3, 10_000);
        assertThat(refused).extracting(m -> m.getStringProperty("refusalCode"))
                .containsExactlyInAnyOrder("UNREADABLE", "UNREADABLE", "PAYLOAD_TOO_LARGE");
        assertThat(refused).filteredOn(m -> "UNREADABLE".equals(property(m, "refusalCode")))
                .extracting(m -> m.getStringProperty("refusalReason"))
                .anyMatch(reason -> reason.startsWith("an ObjectMessage"))
                .anyMatch(reason -> reason.startsWith("a MapMessage"));
        Message object0 = refused.stream().filter(m -> property(m, "refusalReason").startsWith("an Object"))
                .findFirst().orElseThrow();
        assertThat(object0).isInstanceOf(BytesMessage.class);
        assertThat(((BytesMessage) object0).getBodyLength()).isPositive();
        assertThat(operator.depth(EVENTS)).isZero();
        status(id, "DISPATCHED");
    }

    @Test
    void readinessGoesDownWhileEventsCannotBeTakenAndUpAfter() throws Exception {
        ready("UP");
        camel.getRouteController().stopRoute(EVENTS_ROUTE);
        try {
            ready("DOWN");
            Metrics.management().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'handler-events' }.data.reason", equalTo("the events consumer is Stopped"));
        } finally {
            camel.getRouteController().startRoute(EVENTS_ROUTE);
        }
        ready("UP");

        // The consumer runs but cannot apply: the dispute's row is locked in the ledger.
        String id = postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        try (Connection c = ledger.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("select status from dispute where dispute_id = ? for update")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            send(DIANKOU, session -> session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", DIANKOU))));
            await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> ready("DOWN"));
            Metrics.management().get("/q/health/ready").then().body("checks.find { it.name == 'handler-events' }.data.reason",
                    org.hamcrest.Matchers.containsString("none taken off the queue"));
            c.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> status(id, "SIGNED"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> ready("UP"));
    }

    @Test
    void aTownshipCannotCreateAQueueOnTheEventsAddress() throws Exception {
        try (HandlerQueues diankou = township(DIANKOU)) {
            // Refused: the broker does not create the queue, so it cannot be consumed or browsed either.
            assertThatThrownBy(() -> diankou.drain(EVENTS + "::steal", 100)).isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> diankou.depth(EVENTS + "::steal")).isInstanceOf(JMSException.class);
        }
        assertThat(operator.queueExists("steal")).isFalse();
        assertThat(operator.queueExists(EVENTS)).isTrue();
    }

    private static void ready(String expected) {
        Metrics.management().get("/q/health/ready").then()
                .body("checks.name", hasItem("handler-events"))
                .body("checks.find { it.name == 'handler-events' }.status", equalTo(expected));
    }

    private static String property(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oversized() {
        return "{\"type\":\"SIGNED\",\"note\":\"" + "x".repeat(OVERSIZED_CHARS) + "\"}";
    }

    private static HandlerQueues township(String id) throws JMSException {
        return new HandlerQueues(URL, id, "dev-" + id);
    }

    interface MessageOf {
        Message create(Session session) throws Exception;
    }

    private static void send(String township, MessageOf message) throws Exception {
        try (HandlerQueues queues = township(township);
                Session session = queues.session(false);
                MessageProducer producer = session.createProducer(session.createQueue(EVENTS))) {
            producer.send(message.create(session));
        }
    }
}
