package org.fengqiao.gateway.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.intake.DisputeIntake;
import org.fengqiao.gateway.intake.IntakeCase;
import org.fengqiao.gateway.ledger.PendingDelivery;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery guarantee: a dispute committed to the ledger reaches its handler queue exactly once,
 * whichever point the process died at between the ledger write and the broker's confirmation. The
 * crash points are reproduced by doing exactly the writes the gateway had done before dying.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class DeliveryGuaranteeTest {

    static final String QUEUE = "dispute.handler.330681104";

    static HandlerQueues queues;

    @Inject
    MappedSourceAdapter sources;
    @Inject
    DisputeIntake intake;
    @Inject
    DisputeLedger ledger;
    @Inject
    HandlerQueueSender sender;
    @Inject
    ObjectMapper json;
    @Inject
    LedgerDatabase database;
    @ConfigProperty(name = "gateway.ledger.journal.enabled")
    boolean journalEnabled;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    /** The one switch, chosen at start from the ledger in use and the journal setting, shown to operators. */
    @Test
    void theReadinessCheckNamesTheModeChosenAtStart() {
        String expected = !database.embedded() ? "POSTGRESQL"
                : journalEnabled ? "EMBEDDED_BROKER_JOURNAL" : "EMBEDDED_FILE_SYNC";
        Metrics.management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'ledger' }.data.durability", equalTo(expected));
    }

    /** The ledger commit happened; the process died before the send. */
    private PendingDelivery committedButNotSent(String gdbh) throws Exception {
        CanonicalDispute dispute = assembled(sources.toDraft("HOTLINE_12345", WorkOrders.json(WorkOrders.valid(gdbh))));
        return ledger.recordNew(dispute, json.writeValueAsString(dispute), java.util.Set.of(),
                new org.fengqiao.gateway.ledger.SupervisionTimes(null, null));
    }

    /**
     * The canonical dispute a new record becomes: the steps of direct:accept-dispute
     * (intake.IntakeRoutes) before the one that records and delivers it.
     */
    private CanonicalDispute assembled(DisputeDraft draft) throws Exception {
        IntakeCase intakeCase = intake.checkKnownRecord(draft);
        assertThat(intakeCase.isKnown()).isFalse();
        intake.resolveJurisdiction(intakeCase);
        intake.decideCategoryAndHandler(intakeCase);
        intake.linkSameMatter(intakeCase);
        intake.assembleCanonicalDispute(intakeCase);
        return intakeCase.dispute();
    }

    @Test
    void manyNewCasesAtOnceAreEachAcceptedOnceAndDeliveredOnce() throws Exception {
        queues.drain(QUEUE, 100);
        double groupedBefore = Metrics.value("gateway_delivery_group_size_sum", "");
        int cases = 48;
        ExecutorService pool = Executors.newFixedThreadPool(cases);
        List<Callable<String>> posts = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            String body = WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh()));
            posts.add(() -> given().contentType(ContentType.JSON).body(body).post("/api/v1/sources/hotline/work-orders")
                    .then().statusCode(202).extract().path("disputeId"));
        }
        List<String> accepted = new ArrayList<>();
        try {
            for (Future<String> post : pool.invokeAll(posts)) {
                accepted.add(post.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // Every 202 is in the ledger as dispatched and on the queue once, whichever group carried it.
        assertThat(accepted).doesNotHaveDuplicates().hasSize(cases);
        for (String disputeId : accepted) {
            given().get("/api/v1/disputes/" + disputeId).then().body("dispute.status", equalTo("DISPATCHED"));
        }
        List<String> delivered = new ArrayList<>();
        for (TextMessage message : queues.drain(QUEUE, 2000)) {
            delivered.add(message.getStringProperty("disputeId"));
        }
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(Metrics.value("gateway_delivery_group_size_sum", "") - groupedBefore).isEqualTo(cases);
    }

    /**
     * A source retrying impatiently sends copies of one record beside other sources' new cases: the
     * copies are answered as one dispute, and the new cases are still written in groups (a group that
     * meets a repeat is written again without it, not case by case).
     */
    @Test
    void copiesOfOneRecordAmongNewCasesLeaveTheOthersInTheirGroups() throws Exception {
        queues.drain(QUEUE, 100);
        double groupedBefore = Metrics.value("gateway_delivery_group_size_sum", "");
        int newCases = 32;
        int copies = 16;
        String repeatedBody = WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh()));
        List<Callable<io.restassured.response.Response>> posts = new ArrayList<>();
        for (int i = 0; i < newCases + copies; i++) {
            // copies interleaved with the new cases, so groups hold both
            String body = i % 3 == 0 ? repeatedBody : WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh()));
            posts.add(() -> given().contentType(ContentType.JSON).body(body).post("/api/v1/sources/hotline/work-orders"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(posts.size());
        List<io.restassured.response.Response> answers = new ArrayList<>();
        try {
            for (Future<io.restassured.response.Response> post : pool.invokeAll(posts)) {
                answers.add(post.get());
            }
        } finally {
            pool.shutdownNow();
        }

        java.util.Map<String, List<Integer>> statusesByDispute = new java.util.HashMap<>();
        for (var answer : answers) {
            statusesByDispute.computeIfAbsent(answer.jsonPath().getString("disputeId"), id -> new ArrayList<>())
                    .add(answer.statusCode());
        }
        assertThat(statusesByDispute.values()).filteredOn(s -> s.size() > 1).singleElement()
                .satisfies(s -> assertThat(s).hasSize(copies));
        assertThat(statusesByDispute.values()).allSatisfy(s -> assertThat(s).filteredOn(c -> c == 202).hasSize(1));
        assertThat(statusesByDispute.values()).allSatisfy(s -> assertThat(s).isSubsetOf(200, 202));
        int distinct = statusesByDispute.size();
        assertThat(distinct).isEqualTo(newCases + 1);

        List<String> delivered = new ArrayList<>();
        for (TextMessage message : queues.drain(QUEUE, 2000)) {
            delivered.add(message.getStringProperty("disputeId"));
        }
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(statusesByDispute.keySet());
        // Each distinct record was written by a group commit, none on the one-by-one path.
        assertThat(Metrics.value("gateway_delivery_group_size_sum", "") - groupedBefore).isEqualTo(distinct);
    }

    @Test
    void diedAfterTheLedgerCommitTheRelayDeliversOnce() throws Exception {
        queues.drain(QUEUE, 100);
        String gdbh = WorkOrders.newGdbh();
        PendingDelivery pending = committedButNotSent(gdbh);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/disputes/" + pending.disputeId())
                .then().body("dispute.status", equalTo("DISPATCHED")));
        List<TextMessage> delivered = queues.drain(QUEUE, 2000);
        assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(pending.disputeId());

        // The hotline, having had no answer, posts again: same dispute, nothing new on the queue.
        given().contentType(ContentType.JSON).body(WorkOrders.json(WorkOrders.valid(gdbh)))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(200)
                .body("disputeId", equalTo(pending.disputeId()));
        assertThat(queues.drain(QUEUE, 1000)).isEmpty();
    }

    @Test
    void diedAfterTheSendButBeforeTheLedgerKnewTheBrokerDropsTheResend() throws Exception {
        queues.drain(QUEUE, 100);
        PendingDelivery pending = committedButNotSent(WorkOrders.newGdbh());
        sender.send(pending); // reached the broker; the ledger never recorded it

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/disputes/" + pending.disputeId())
                .then().body("dispute.status", equalTo("DISPATCHED")));
        List<TextMessage> delivered = queues.drain(QUEUE, 2000);
        assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(pending.disputeId());
    }

    @Test
    void aMessageTheHandlerCannotProcessEndsInTheDeadLetterQueue() throws Exception {
        String queue = "dispute.handler.330681109"; // 枫桥镇
        queues.drain(queue, 100);
        var order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", "诸暨市枫桥镇枫源村");
        String id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202)
                .extract().jsonPath().getString("disputeId");

        // A township consumer that fails on this item every time (5 attempts, the configured maximum).
        try (Session session = queues.session(true); MessageConsumer consumer = session.createConsumer(
                session.createQueue(queue))) {
            for (int attempt = 1; attempt <= 5; attempt++) {
                Message m = consumer.receive(5000);
                assertThat(m).as("attempt %d", attempt).isNotNull();
                assertThat(m.getStringProperty("disputeId")).isEqualTo(id);
                session.rollback();
            }
            assertThat(consumer.receive(500)).isNull();
        }
        List<TextMessage> dead = queues.drain("DLQ." + queue, 5000);
        assertThat(dead).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
    }
}
