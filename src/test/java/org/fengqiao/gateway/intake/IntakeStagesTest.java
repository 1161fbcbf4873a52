package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.fengqiao.gateway.observability.TracingOn;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * direct:accept-dispute shows its stages: in Camel's model of the route, and in the trace of a case
 * posted over HTTP, one span per step, the new case through the enrich-record-deliver steps and the
 * same record posted again through the known-record answer.
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@QuarkusTestResource(WireMockSimulators.class)
class IntakeStagesTest {

    static final List<String> NEW_CASE = List.of("intake-check-known-record", "intake-known-record",
            "intake-resolve-jurisdiction", "intake-decide-category-and-handler", "intake-link-same-matter",
            "intake-assemble-canonical-dispute", "intake-store-attachments", "intake-record-and-deliver",
            "intake-reply");

    @Inject
    CamelContext camel;
    @Inject
    InMemorySpanExporter spans;

    @Test
    void theRouteDeclaresEachStageAsANamedStep() {
        RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition("accept-dispute");
        List<String> ids = new ArrayList<>();
        // The builder's error handling (onException) is part of every route's outputs; the stages are named intake-*.
        route.getOutputs().forEach(step -> collectIds(step, ids));
        ids.removeIf(id -> !id.startsWith("intake-"));

        assertThat(ids).containsExactly("intake-check-known-record", "intake-known-record",
                "intake-answer-known-record", "intake-resolve-jurisdiction", "intake-decide-category-and-handler",
                "intake-link-same-matter", "intake-assemble-canonical-dispute", "intake-store-attachments",
                "intake-record-and-deliver", "intake-reply");
        assertThat(camel.getRouteController().getRouteStatus("accept-dispute").isStarted()).isTrue();
    }

    @Test
    void aPostedCasePassesTheStagesInOrderAndARepeatTakesTheKnownRecordAnswer() {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", "诸暨市店口镇解放路18号");
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random(), "lxdh", "13900001111"));
        String body = WorkOrders.json(order);

        String traceId = post(body, 202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(stepsOf(traceId))
                .containsSubsequence(NEW_CASE).doesNotContain("intake-answer-known-record"));

        String repeatTraceId = post(body, 200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(stepsOf(repeatTraceId))
                .containsSubsequence("intake-check-known-record", "intake-known-record",
                        "intake-answer-known-record", "intake-reply")
                .doesNotContain("intake-resolve-jurisdiction", "intake-record-and-deliver"));
    }

    /** Posts the work order; the trace id is the one the gateway's answer belongs to. */
    private String post(String body, int status) {
        String before = String.join(",", spans.getFinishedSpanItems().stream().map(SpanData::getSpanId).toList());
        given().contentType(ContentType.JSON).body(body).post("/api/v1/sources/hotline/work-orders")
                .then().statusCode(status);
        return await().atMost(Duration.ofSeconds(20)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> !before.contains(s.getSpanId()))
                .filter(s -> s.getAttributes().asMap().toString().contains("/api/v1/sources/hotline/work-orders"))
                .map(SpanData::getTraceId).findFirst().orElse(null), id -> id != null);
    }

    /** The step ids among the trace's spans (named id-eip, e.g. intake-reply-process), in the order they started. */
    private List<String> stepsOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .map(SpanData::getName).filter(name -> name.startsWith("intake-"))
                .map(name -> name.substring(0, name.lastIndexOf('-'))).toList();
    }

    private static void collectIds(ProcessorDefinition<?> step, List<String> ids) {
        if (step.getId() != null) {
            ids.add(step.getId());
        }
        if (step instanceof ChoiceDefinition choice) {
            choice.getWhenClauses().forEach(when -> when.getOutputs().forEach(s -> collectIds(s, ids)));
            if (choice.getOtherwise() != null) {
                choice.getOtherwise().getOutputs().forEach(s -> collectIds(s, ids));
            }
        } else {
            step.getOutputs().forEach(s -> collectIds(s, ids));
        }
    }
}
