package org.fengqiao.gateway.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.StandaloneArtemis;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The production shape's broker, a standalone Artemis 2.40.0, restarted during sustained intake:
 * clients get 503 with Retry-After (never a 500, never a silent loss), their retries succeed, and
 * every accepted dispute is on its queue once.
 */
class BrokerRestartIT {

    static final String QUEUE = "dispute.handler.330681104";

    @Test
    void aBrokerRestartDuringIntakeCosts503sAndRetriesNothingElse() throws Exception {
        Path base = Path.of("target", "it-data", "broker-restart-" + System.nanoTime());
        try (StandaloneArtemis broker = new StandaloneArtemis(base.resolve("artemis"), 1100).create().start();
                GatewayProcess gateway = new GatewayProcess("broker-restart", base.resolve("gateway"), Map.of(
                        "GATEWAY_BROKER_URL", broker.url(), "GATEWAY_BROKER_USER", "admin",
                        "GATEWAY_BROKER_PASSWORD", "admin",
                        // The relay takes over quickly once the broker is back.
                        "GATEWAY_DELIVERY_RELAY_INTERVAL", "2s", "GATEWAY_DELIVERY_RELAY_GRACE", "PT3S")).start()) {

            Map<String, String> accepted = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger missingRetryAfter = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Object>> running = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                running.add(clients.submit(() -> {
                    while (!stop.get()) {
                        String gdbh = WorkOrders.newGdbh();
                        String body = body(gdbh);
                        sent.incrementAndGet();
                        // A client that honours 503: it tries again until the gateway takes the case.
                        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                            Response r = post(gateway.baseUrl(), body);
                            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            if (r.statusCode() == 503 && r.header("Retry-After") == null) {
                                missingRetryAfter.incrementAndGet();
                            }
                            if (r.statusCode() == 200 || r.statusCode() == 202) {
                                accepted.put(gdbh, r.jsonPath().getString("disputeId"));
                                return true;
                            }
                            return false;
                        });
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 100);
            broker.stop();
            // Down long enough for every client to be turned away a few times.
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses.containsKey(503)
                    && statuses.get(503).get() >= 12);
            broker.start();
            int atRestart = accepted.size();
            await().atMost(Duration.ofSeconds(120)).until(() -> accepted.size() >= atRestart + 100);
            stop.set(true);
            for (Future<Object> f : running) {
                f.get(180, TimeUnit.SECONDS);
            }
            clients.shutdown();

            Map<String, Integer> delivered = consume(broker, accepted.size());
            long duplicated = delivered.values().stream().filter(n -> n > 1).count();
            System.out.printf("No loss, broker restart: sent %d / accepted %d / delivered %d / duplicated %d;"
                    + " answers %s%n", sent.get(), accepted.size(), delivered.size(), duplicated, statuses);
            assertThat(statuses).doesNotContainKey(500);
            assertThat(statuses).containsKey(503);
            assertThat(missingRetryAfter.get()).isZero();
            assertThat(accepted).hasSize(sent.get());
            assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(Set.copyOf(accepted.values()));
            assertThat(duplicated).isZero();
        }
    }

    private static Map<String, Integer> consume(StandaloneArtemis broker, int expected) throws Exception {
        Map<String, Integer> delivered = new HashMap<>();
        try (var cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + broker.port());
                Connection connection = cf.createConnection("admin", "admin")) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            long until = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < until) {
                Message m = consumer.receive(delivered.size() < expected ? 5000 : 1500);
                if (m == null) {
                    if (delivered.size() >= expected) {
                        break;
                    }
                    continue;
                }
                delivered.merge(m.getStringProperty("disputeId"), 1, Integer::sum);
            }
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
