package org.fengqiao.gateway.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.TextMessage;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.fengqiao.gateway.ledger.EmbeddedLedgerUrl;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * Nothing accepted is lost, on the packaged jar: killed with SIGKILL during sustained intake, and
 * with the township's consumer away. Each scenario prints sent / accepted / delivered / duplicated.
 */
class NoLossIT {

    static final String QUEUE = "dispute.handler.330681104";

    @Test
    void killedDuringSustainedIntakeEveryAcceptedDisputeIsDeliveredOnce() throws Exception {
        Path data = Path.of("target", "it-data", "kill-" + System.nanoTime());
        Map<String, String> bodies = new ConcurrentHashMap<>();
        Map<String, String> accepted = new ConcurrentHashMap<>(); // gdbh -> disputeId
        AtomicBoolean stop = new AtomicBoolean();

        GatewayProcess gateway = new GatewayProcess("kill-during-intake", data, Map.of()).start();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                while (!stop.get()) {
                    String gdbh = WorkOrders.newGdbh();
                    String body = body(gdbh);
                    bodies.put(gdbh, body);
                    try {
                        Response r = post(gateway.baseUrl(), body);
                        if (r.statusCode() == 202 || r.statusCode() == 200) {
                            accepted.put(gdbh, r.jsonPath().getString("disputeId"));
                        }
                    } catch (Exception e) {
                        // the process is gone: the client will retry after the restart
                    }
                }
                return null;
            });
        }
        // Let intake run until a few hundred are in, then kill without warning.
        long until = System.currentTimeMillis() + 60_000;
        while (accepted.size() < 300 && System.currentTimeMillis() < until) {
            Thread.onSpinWait();
        }
        gateway.kill();
        stop.set(true);
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
        int acceptedBeforeKill = accepted.size();

        try (GatewayProcess restarted = new GatewayProcess("kill-during-intake-restarted", data, Map.of()).start();
                HandlerQueues township = new HandlerQueues(restarted.brokerUrl())) {
            // The clients retry what got no answer; a repeat is answered with the same dispute.
            for (Map.Entry<String, String> sent : bodies.entrySet()) {
                if (!accepted.containsKey(sent.getKey())) {
                    Response r = post(restarted.baseUrl(), sent.getValue());
                    assertThat(r.statusCode()).isIn(200, 202);
                    accepted.put(sent.getKey(), r.jsonPath().getString("disputeId"));
                }
            }
            // Every accepted dispute is in the ledger...
            for (String id : Set.copyOf(accepted.values())) {
                given().baseUri(restarted.baseUrl()).get("/api/v1/disputes/" + id).then().statusCode(200);
            }
            // ...and on the queue exactly once (the relay delivers what died between ledger and broker).
            Map<String, Integer> delivered = drainUntil(township, accepted.size());
            long duplicated = delivered.values().stream().filter(n -> n > 1).count();
            String recovered = given().baseUri(restarted.managementUrl()).get("/q/metrics").asString().lines()
                    .filter(l -> l.startsWith("gateway_ledger_journal_recovered_total")).findFirst().orElse("none");
            System.out.printf("No loss, kill -9 during intake: sent %d / accepted %d (%d before the kill) / "
                    + "delivered %d / duplicated %d; %s%n", bodies.size(), accepted.size(), acceptedBeforeKill,
                    delivered.size(), duplicated, recovered);
            assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(Set.copyOf(accepted.values()));
            assertThat(duplicated).isZero();
        }
    }

    /**
     * The embedded ledger commits a group without waiting for its file; the group's record is in the
     * broker's journal instead. Here the ledger's file is held back (no background store for an hour,
     * no checkpoint), so the killed process leaves a 202 dispute that only the journal has.
     */
    @Test
    void aDisputeTheLedgerFileLackedWhenKilledIsRecordedAgainFromTheBrokerJournal() throws Exception {
        Path data = Path.of("target", "it-data", "journal-" + System.nanoTime());
        String ledgerUrl = "jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("ledger").resolve("fengqiao")
                + EmbeddedLedgerUrl.OPTIONS + ";WRITE_DELAY=3600000";
        // Nor any other write that syncs the file: the leases the feedback relay, supervision, the
        // statistics' catch-up and the warnings' rounds take.
        Map<String, String> fileHeldBack = Map.of("QUARKUS_DATASOURCE_EMBEDDED_JDBC_URL", ledgerUrl,
                "GATEWAY_LEDGER_JOURNAL_CHECKPOINT_INTERVAL", "PT1H", "GATEWAY_SUPERVISION_INTERVAL", "off",
                "GATEWAY_FEEDBACK_RELAY_INTERVAL", "off", "GATEWAY_STATISTICS_CATCH_UP_INTERVAL", "off",
                "GATEWAY_WARNINGS_ARRIVAL_INTERVAL", "off", "GATEWAY_WARNINGS_SCHEDULE_INTERVAL", "off");
        String gdbh = WorkOrders.newGdbh();
        String disputeId;
        GatewayProcess gateway = new GatewayProcess("journal-killed", data, fileHeldBack).start();
        try {
            disputeId = post(gateway.baseUrl(), body(gdbh)).then().statusCode(202).extract().path("disputeId");
        } finally {
            gateway.kill();
        }

        try (GatewayProcess restarted = new GatewayProcess("journal-restarted", data, Map.of()).start();
                HandlerQueues township = new HandlerQueues(restarted.brokerUrl())) {
            String metrics = given().baseUri(restarted.managementUrl()).get("/q/metrics").asString();
            assertThat(metrics).contains("gateway_ledger_journal_recovered_total 1.0");
            given().baseUri(restarted.baseUrl()).get("/api/v1/disputes/" + disputeId).then().statusCode(200);
            // The source's retry is a repeat of the recovered dispute, not a new one.
            post(restarted.baseUrl(), body(gdbh)).then().statusCode(200).body("disputeId", equalTo(disputeId));
            Map<String, Integer> delivered = drainUntil(township, 1);
            assertThat(delivered).containsExactly(Map.entry(disputeId, 1));
        }
    }

    @Test
    void itemsWaitForAnAbsentConsumerAcrossARestart() throws Exception {
        Path data = Path.of("target", "it-data", "offline-" + System.nanoTime());
        List<String> ids = new ArrayList<>();
        try (GatewayProcess gateway = new GatewayProcess("consumer-offline", data, Map.of()).start()) {
            for (int i = 0; i < 50; i++) {
                ids.add(post(gateway.baseUrl(), body(WorkOrders.newGdbh())).then().statusCode(202).extract()
                        .path("disputeId"));
            }
        }
        // The township's system comes back after the gateway itself was restarted.
        try (GatewayProcess gateway = new GatewayProcess("consumer-offline-restarted", data, Map.of()).start();
                HandlerQueues township = new HandlerQueues(gateway.brokerUrl())) {
            Map<String, Integer> delivered = drainUntil(township, ids.size());
            long duplicated = delivered.values().stream().filter(n -> n > 1).count();
            System.out.printf("No loss, consumer offline: sent %d / accepted %d / delivered %d / duplicated %d%n",
                    ids.size(), ids.size(), delivered.size(), duplicated);
            assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(duplicated).isZero();
        }
    }

    private static Map<String, Integer> drainUntil(HandlerQueues township, int expected) throws Exception {
        Map<String, Integer> delivered = new HashMap<>();
        long until = System.currentTimeMillis() + 60_000;
        while (delivered.size() < expected && System.currentTimeMillis() < until) {
            for (TextMessage m : township.drain(QUEUE, 2000)) {
                delivered.merge(m.getStringProperty("disputeId"), 1, Integer::sum);
            }
        }
        // Anything left would be a duplicate arriving late.
        for (TextMessage m : township.drain(QUEUE, 1000)) {
            delivered.merge(m.getStringProperty("disputeId"), 1, Integer::sum);
        }
        return delivered;
    }

    private static String body(String gdbh) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random()));
        return WorkOrders.json(order);
    }

    private static Response post(String base, String body) {
        return given().baseUri(base).contentType(ContentType.JSON).body(body).post("/api/v1/sources/hotline/work-orders");
    }
}
