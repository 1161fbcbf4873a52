package org.fengqiao.gateway.supervision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fengqiao.gateway.support.GatewayApi.disputeField;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.TestClock;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deadlines on the test clock: reminder, supervision notice (督办), escalation to the county joint
 * task force, each once even with two supervisors running side by side.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SupervisionTest {

    static final String DIANKOU = "330681104";
    static HandlerQueues queues;

    @Inject
    Supervisor supervisor;
    @Inject
    DeadlinePolicy deadlines;
    @Inject
    ObjectMapper json;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @Test
    void reminderThenSupervisionThenEscalationEachOnce() throws Exception {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        OffsetDateTime dispatched = OffsetDateTime.parse(disputeField(id, "dispute.assignment.dispatchedAt"));
        OffsetDateTime due = OffsetDateTime.parse(disputeField(id, "dispute.assignment.dueAt"));
        // 15 working days of the hotline's NORMAL policy, on the working-day calendar.
        assertThat(due).isEqualTo(deadlines.calendar().plusWorkingDays(dispatched, 15));

        superviseTwiceAtOnce();
        assertThat(noticesFor(DIANKOU, id)).isEmpty();

        TestClock.moveTo(dispatched.plus(Duration.between(dispatched, due).multipliedBy(8).dividedBy(10)));
        superviseTwiceAtOnce();
        superviseTwiceAtOnce();
        assertThat(noticesFor(DIANKOU, id)).extracting(m -> m.getStringProperty("noticeType")).containsExactly("REMINDER");

        TestClock.moveTo(due.plusMinutes(1));
        superviseTwiceAtOnce();
        assertThat(noticesFor(DIANKOU, id)).extracting(m -> m.getStringProperty("noticeType"))
                .containsExactly("SUPERVISION");
        assertThat(noticesFor("330681-CENTRE", id)).extracting(m -> m.getStringProperty("noticeType"))
                .containsExactly("SUPERVISION");

        // Two working days past the deadline: the task force takes over, the township stays on.
        TestClock.moveTo(due.plusDays(5));
        superviseTwiceAtOnce();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/v1/disputes/" + id).then()
                .body("dispute.status", equalTo("ESCALATED"))
                .body("dispute.assignment.handlerId", equalTo("330681-TASKFORCE"))
                .body("dispute.assignment.coHandlerIds", equalTo(List.of(DIANKOU))));
        List<TextMessage> toTaskForce = queues.drain("dispute.handler.330681-TASKFORCE", 5000).stream()
                .filter(m -> id.equals(property(m, "disputeId"))).toList();
        assertThat(toTaskForce).hasSize(1);
        assertThat(json.readTree(toTaskForce.get(0).getText()).at("/assignment/handlerName").asText())
                .isEqualTo("诸暨市矛盾纠纷化解联合专班");
        assertThat(noticesFor("330681-CENTRE", id)).extracting(m -> m.getStringProperty("noticeType"))
                .containsExactly("ESCALATION");
        superviseTwiceAtOnce();
        given().get("/api/v1/disputes/" + id).then()
                .body("history.findAll { it.event == 'ESCALATED' }.size()", equalTo(1))
                .body("history.findAll { it.event == 'REMINDED' }.size()", equalTo(1))
                .body("history.findAll { it.event == 'SUPERVISED' }.size()", equalTo(1));

        // The township stays on it: its inbox lists the dispute as co-held, the task force's as held.
        given().queryParam("status", "ESCALATED").queryParam("size", 100).get("/api/v1/handlers/" + DIANKOU + "/items")
                .then().statusCode(200)
                .body("items.findAll { it.disputeId == '" + id + "' }.role", equalTo(List.of("CO_HANDLER")))
                .body("items.findAll { it.disputeId == '" + id + "' }.title.size()", equalTo(1));
        given().queryParam("status", "ESCALATED").queryParam("size", 100)
                .get("/api/v1/handlers/330681-TASKFORCE/items").then().statusCode(200)
                .body("items.findAll { it.disputeId == '" + id + "' }.role", equalTo(List.of("HANDLER")));
        // Another township's inbox does not list it.
        given().queryParam("status", "ESCALATED").queryParam("size", 100).get("/api/v1/handlers/330681109/items")
                .then().statusCode(200).body("items.findAll { it.disputeId == '" + id + "' }", equalTo(List.of()));

        // The township, now co-handler, may report progress; only the task force signs, extends and resolves.
        GatewayApi.event(id, Map.of("type", "PROGRESS", "handlerId", DIANKOU, "note", "配合专班走访")).statusCode(200);
        GatewayApi.event(id, Map.of("type", "EXTENSION_REQUESTED", "handlerId", DIANKOU, "days", 3, "reason", "x"))
                .statusCode(403);
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED")).statusCode(403);
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", "330681-TASKFORCE", "outcome", "MEDIATED"))
                .statusCode(200);
    }

    @Test
    void aDisputeReturnedAgainAfterTriageGoesToTheTaskForce() throws Exception {
        String id = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        GatewayApi.event(id, Map.of("type", "RETURNED", "handlerId", DIANKOU, "reason", "非本镇")).statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "330681-TRIAGE".equals(GatewayApi.handler(id)));
        GatewayApi.event(id, Map.of("type", "REASSIGNED", "handlerId", "330681-TRIAGE", "toHandlerId", "330681109",
                "reason", "枫桥镇")).statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "330681109".equals(GatewayApi.handler(id)));
        GatewayApi.event(id, Map.of("type", "RETURNED", "handlerId", "330681109", "reason", "亦非本镇")).statusCode(200);
        GatewayApi.event(id, Map.of("type", "RETURNED", "handlerId", "330681-TRIAGE", "reason", "x")).statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> "330681-TASKFORCE".equals(GatewayApi.handler(id)));
        GatewayApi.status(id, "ESCALATED");
    }

    private void superviseTwiceAtOnce() throws Exception {
        // Two supervisors (as on two instances) at the same moment; the ledger lets one take each step.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Supervisor.Round> round = () -> supervisor.superviseOnce();
            for (var f : pool.invokeAll(List.of(round, round))) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<TextMessage> noticesFor(String handler, String id) throws Exception {
        return queues.drain("dispute.notice." + handler, 1000).stream()
                .filter(m -> id.equals(property(m, "disputeId"))).toList();
    }

    private static String property(TextMessage m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
