package org.fengqiao.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker enforces what a handler may do, checked with a plain Artemis JMS client:
 * a township takes its own items and sends events, and nothing else.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class BrokerSecurityTest {

    static final String URL = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
    static final String DIANKOU = "330681104";

    @Test
    void aTownshipConsumesItsOwnQueueAndSendsEventsOnly() throws Exception {
        try (HandlerQueues operator = new HandlerQueues(URL)) {
            operator.drain("dispute.handler." + DIANKOU, 100);
        }
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");

        try (HandlerQueues diankou = new HandlerQueues(URL, DIANKOU, "dev-" + DIANKOU)) {
            List<TextMessage> mine = diankou.drain("dispute.handler." + DIANKOU, 5000);
            assertThat(mine).extracting(m -> m.getStringProperty("disputeId")).contains(id);

            // Another township's items, and the notices of another: refused.
            assertThatThrownBy(() -> diankou.drain("dispute.handler.330681109", 100))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> diankou.depth("dispute.notice.330681109"))
                    .isInstanceOf(JMSSecurityException.class);

            try (Session session = diankou.session(false)) {
                // An event: allowed.
                try (MessageProducer events = session.createProducer(session.createQueue("dispute.events"))) {
                    events.send(session.createTextMessage("{\"type\":\"SIGNED\",\"disputeId\":\"" + id
                            + "\",\"handlerId\":\"" + DIANKOU + "\"}"));
                }
                // Putting a dispute on any handler queue, its own included: refused.
                assertThatThrownBy(() -> {
                    try (MessageProducer forged = session.createProducer(
                            session.createQueue("dispute.handler." + DIANKOU))) {
                        forged.send(session.createTextMessage("{}"));
                    }
                }).isInstanceOf(JMSSecurityException.class);
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> GatewayApi.status(id, "SIGNED"));
    }

    @Test
    void aWrongPasswordDoesNotConnect() {
        assertThatThrownBy(() -> new HandlerQueues(URL, DIANKOU, "guessed").close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> new HandlerQueues(URL, "nobody", "x").close())
                .isInstanceOf(JMSSecurityException.class);
    }
}
