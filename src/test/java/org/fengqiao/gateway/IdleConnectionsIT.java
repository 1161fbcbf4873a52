package org.fengqiao.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.KeepAliveClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a flood, the connections it left open must not keep the sources out. The gateway takes at
 * most quarkus.http.limits.max-connections at once and closes one that stays idle for
 * quarkus.http.idle-timeout; here both are small (3 connections, 2 s) so the test sees, on the
 * packaged jar, what a county sees at 1,024 and 60 s: clients that connected and went quiet hold
 * every slot, the next client is closed unanswered, and once the quiet ones time out a source is
 * served again.
 */
class IdleConnectionsIT {

    static final int MAX_CONNECTIONS = 3;
    /** A cheap request on the main port (health is on the management interface). */
    static final String CHEAP = "/api/v1/schemas/canonical-dispute-v1.json";

    private final List<KeepAliveClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(KeepAliveClient::close);
    }

    @Test
    void connectionsLeftIdleByAFloodAreClosedSoSourcesGetBackIn() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess("idle-connections",
                Path.of("target", "it-data", "idle-connections-" + System.nanoTime()),
                Map.of("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS", String.valueOf(MAX_CONNECTIONS),
                        "QUARKUS_HTTP_IDLE_TIMEOUT", "2S")).start()) {
            URI base = URI.create(gateway.baseUrl());

            // The flood: as many keep-alive clients as the gateway takes, each served once, then quiet.
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                KeepAliveClient client = new KeepAliveClient(base);
                clients.add(client);
                assertThat(client.get(CHEAP)).as("status seen by client %d of the flood", i).isEqualTo(200);
            }

            // Every slot is held: one more client is closed without an answer.
            try (KeepAliveClient late = new KeepAliveClient(base)) {
                assertThat(late.get(CHEAP)).as("status seen by a client beyond the limit").isEqualTo(-1);
            }

            // The quiet clients are closed by the gateway (none of them closes itself)...
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(clients)
                    .allSatisfy(client -> assertThat(client.closedByServer()).isTrue()));

            // ...and a source is served again.
            try (KeepAliveClient source = new KeepAliveClient(base)) {
                assertThat(source.get(CHEAP)).isEqualTo(200);
            }
        }
    }
}
