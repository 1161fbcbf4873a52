package org.fengqiao.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * With tracing switched on, one hotline case is one trace across its hops: the HTTP intake, the ledger
 * record, the JMS delivery to the township (whose message carries the W3C traceparent), the
 * township's event sent back on dispute.events with that traceparent, and the feedback call to the
 * hotline, which receives the trace context too.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@QuarkusTestResource(WireMockSimulators.class)
class TracingTest {

    static final String DIANKOU = "330681104";

    @Inject
    InMemorySpanExporter spans;
    @Inject
    FeedbackRelay relay;
    @Inject
    ObjectMapper json;

    @Test
    void aCaseIsOneTraceFromIntakeToFeedback() throws Exception {
        String queue = "dispute.handler." + DIANKOU;
        String traceparent;
        String id;
        try (HandlerQueues queues = HandlerQueues.embedded()) {
            queues.drain(queue, 100);
            id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
            List<TextMessage> delivered = queues.drain(queue, 5000);
            assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
            traceparent = delivered.get(0).getStringProperty("traceparent");
        }
        assertThat(traceparent).as("the delivered dispute carries the trace").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        String traceId = traceparent.split("-")[1];

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<SpanData> trace = trace(traceId);
            // The intake: the REST endpoint's span, which holds the HTTP request (method, URL, status).
            assertThat(trace).anySatisfy(s -> assertThat(s.getAttributes().asMap().toString())
                    .contains("http.method=POST", "/api/v1/sources/hotline/work-orders", "http.status_code=202"));
            assertThat(names(trace)).contains("ledger record", "publish " + queue);
        });

        // The township's system copies the traceparent onto its event, as the contract asks.
        String url = "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626");
        try (HandlerQueues diankou = new HandlerQueues(url, DIANKOU, "dev-" + DIANKOU);
                Session session = diankou.session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            TextMessage event = session.createTextMessage(json.writeValueAsString(
                    Map.of("type", "SIGNED", "disputeId", id, "handlerId", DIANKOU)));
            event.setStringProperty("traceparent", traceparent);
            producer.send(event);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> GatewayApi.status(id, "SIGNED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(trace(traceId))
                .as("the event's handling joins the case's trace")
                .anySatisfy(s -> assertThat(s.getName() + " " + s.getAttributes().asMap()).contains("dispute.events")));

        WireMockSimulators.server().resetRequests();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            relay.relay("HOTLINE_12345");
            assertThat(names(trace(traceId))).contains("feedback SIGN");
        });
        assertThat(WireMockSimulators.server().getAllServeEvents()).anySatisfy(e -> assertThat(
                e.getRequest().getHeader("traceparent")).contains(traceId));
    }

    private List<SpanData> trace(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static Set<String> names(List<SpanData> trace) {
        return trace.stream().map(SpanData::getName).collect(Collectors.toSet());
    }
}
