package org.fengqiao.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The log names the case a line is about: disputeId, source and handler from the MDC, on the lines
 * written at intake, handling and feedback (the format prints them). And with tracing off, the
 * default, nothing of it travels: the delivered dispute has no trace property.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class CaseLogTest {

    static final Path LOG = Path.of("target", "test-logs", "gateway.log");
    static final String DIANKOU = "330681104";

    @Inject
    FeedbackRelay relay;

    @Test
    void logLinesOfACaseCarryItsIdsAndTracingOffAddsNothing() throws Exception {
        String queue = "dispute.handler." + DIANKOU;
        String id;
        try (HandlerQueues queues = HandlerQueues.embedded()) {
            queues.drain(queue, 100);
            id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
            List<TextMessage> delivered = queues.drain(queue, 5000);
            assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
            assertThat(delivered.get(0).getStringProperty("traceparent")).as("tracing is off by default").isNull();
        }
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay("HOTLINE_12345");
            assertThat(linesOf(id)).anyMatch(l -> l.contains("Feedback SIGN delivered"));
        });

        String ids = id + " HOTLINE_12345 " + DIANKOU;
        List<String> lines = linesOf(id);
        assertThat(lines).anyMatch(l -> l.contains(ids) && l.contains("Dispute recorded and delivered"));
        assertThat(lines).anyMatch(l -> l.contains(ids) && l.contains("Handler event SIGNED applied"));
        assertThat(lines).anyMatch(l -> l.contains(id + " HOTLINE_12345 ") && l.contains("Feedback SIGN delivered"));
    }

    private static List<String> linesOf(String id) throws Exception {
        return Files.readAllLines(LOG, StandardCharsets.UTF_8).stream().filter(l -> l.contains(id)).toList();
    }
}
