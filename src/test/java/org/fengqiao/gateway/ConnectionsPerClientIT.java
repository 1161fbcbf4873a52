package org.fengqiao.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.KeepAliveClient;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * One client cannot lock the sources and the probes out by holding the gateway's connections. A
 * flood from one address (127.0.0.2) opens every connection the gateway takes at once
 * (quarkus.http.limits.max-connections, small here so the test is quick) and keeps sending a cheap
 * request, answered 401, on each; the gateway keeps only gateway.limits.max-connections-per-client
 * of them and closes the rest unanswered, so a source on 127.0.0.1 still gets its 202, and the
 * readiness probe, on the management interface's own port, still answers UP.
 */
class ConnectionsPerClientIT {

    static final int MAX_CONNECTIONS = 16;
    static final int PER_CLIENT = 4;
    /** Cheap for the flood: refused 401 before any work (no credentials). */
    static final String CHEAP = "/api/v1/disputes/FQ2026000000000001";

    @Test
    void aFloodFromOneAddressLeavesRoomForSourcesAndProbes() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess("connections-per-client",
                Path.of("target", "it-data", "connections-per-client-" + System.nanoTime()),
                Map.of("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS", String.valueOf(MAX_CONNECTIONS),
                        "GATEWAY_LIMITS_MAX_CONNECTIONS_PER_CLIENT", String.valueOf(PER_CLIENT))).start();
                Flood flood = new Flood(URI.create(gateway.baseUrl()), InetAddress.getByName("127.0.0.2"))) {

            // The flood opens every place the gateway has, then asks on each connection.
            List<Integer> firstAnswers = flood.openAllThenAsk(MAX_CONNECTIONS);
            flood.keepGoing();

            // A source on another address is served...
            String gdbh = WorkOrders.newGdbh();
            given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON)
                    .body(WorkOrders.json(WorkOrders.valid(gdbh)))
                    .post("/api/v1/sources/hotline/work-orders").then().statusCode(202);
            // ...and readiness answers on the management interface.
            given().baseUri(gateway.managementUrl()).get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"));

            // The flood kept its share of connections, answered, and no more.
            assertThat(firstAnswers).as("what the flood's connections got first")
                    .containsOnly(401, -1).filteredOn(status -> status == 401).hasSize(PER_CLIENT);
            assertThat(flood.held()).as("the flood's connections still open and answered").isEqualTo(PER_CLIENT);
            assertThat(flood.answered.get()).as("answers to the flood while it went on").isPositive();
            String metrics = given().baseUri(gateway.managementUrl()).get("/q/metrics").asString();
            double refused = metrics.lines().filter(l -> l.startsWith("gateway_connections_refused_total "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertThat(refused).isGreaterThanOrEqualTo(MAX_CONNECTIONS - PER_CLIENT);
            System.out.printf("Connection flood from 127.0.0.2: %d connections opened, %d kept, %.0f refused;"
                    + " source 202, readiness UP%n", flood.opened.get(), flood.held(), refused);
        }
    }

    /**
     * Keep-alive connections from one address, each asked a cheap request now and then; one the
     * gateway closed is opened again at once (one at a time, as a client library retries).
     */
    static final class Flood implements AutoCloseable {

        private final URI base;
        private final InetAddress from;
        private final List<KeepAliveClient> clients = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        private volatile int held;
        private Thread loop;

        Flood(URI base, InetAddress from) {
            this.base = base;
            this.from = from;
        }

        /** Opens {@code count} connections before asking on any, then asks on each: each one's status, -1 when closed. */
        List<Integer> openAllThenAsk(int count) throws IOException {
            for (int i = 0; i < count; i++) {
                clients.add(open());
            }
            List<Integer> statuses = new ArrayList<>();
            for (KeepAliveClient client : clients) {
                statuses.add(client.get(CHEAP));
            }
            return statuses;
        }

        /** From now on, a request on every connection, and closed ones opened again, round after round. */
        void keepGoing() {
            loop = new Thread(() -> {
                while (running.get()) {
                    try {
                        round();
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "flood");
            loop.start();
            try {
                round(); // one whole round before the source asks
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private synchronized void round() throws IOException {
            int open = 0;
            for (int i = 0; i < clients.size() && running.get(); i++) {
                KeepAliveClient client = clients.get(i);
                int status = client.get(CHEAP);
                if (status == -1) {
                    client.close();
                    clients.set(i, open());
                    status = clients.get(i).get(CHEAP);
                }
                if (status != -1) {
                    answered.incrementAndGet();
                    open++;
                }
            }
            held = open;
        }

        private KeepAliveClient open() throws IOException {
            opened.incrementAndGet();
            return new KeepAliveClient(base, from);
        }

        /** Connections the last whole round found open and answered. */
        synchronized int held() {
            return held;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (loop != null) {
                loop.join(10_000);
            }
            clients.forEach(KeepAliveClient::close);
        }
    }
}
