package org.fengqiao.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one PostgreSQL ledger, both with the police poller on: only one reads
 * the platform at a time, the items become disputes once, and when the reading instance is killed
 * the other takes over after the lease time.
 */
class PollerFailoverIT {

    @Test
    void onlyOneOfTwoInstancesPollsAndTheOtherTakesOverWhenItDies() throws Exception {
        String url = System.getenv("GATEWAY_TEST_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "GATEWAY_TEST_DB_URL not set: the two-instance run needs PostgreSQL (.ci/run sets it)");
        String user = System.getenv().getOrDefault("GATEWAY_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("GATEWAY_TEST_DB_PASSWORD", "");
        String schema = "failover_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;

        WireMockSimulators simulators = new WireMockSimulators();
        String platformUrl = simulators.start().get("gateway.sources.police.base-url");
        WireMockServer platform = WireMockSimulators.server();
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DB_URL", schemaUrl);
        env.put("GATEWAY_DB_USER", user);
        env.put("GATEWAY_DB_PASSWORD", password);
        env.put("GATEWAY_SOURCES_POLICE_ENABLED", "true");
        env.put("GATEWAY_SOURCES_POLICE_BASE_URL", platformUrl);
        env.put("GATEWAY_SOURCES_POLICE_POLL_INTERVAL", "1s");
        env.put("GATEWAY_SOURCES_POLICE_LEASE_TIME", "PT5S");

        Path data = Path.of("target", "it-data", schema);
        try (GatewayProcess a = new GatewayProcess("failover-a", data.resolve("a"), env).start();
                GatewayProcess b = new GatewayProcess("failover-b", data.resolve("b"), env).start()) {
            // Both run their timers every second; the platform sees one reader.
            await().atMost(Duration.ofSeconds(30)).until(() -> pollers(platform).size() >= 1
                    && platform.findAll(getRequestedFor(urlPathEqualTo("/api/risk/disputes"))).size() >= 6);
            Set<String> readers = pollers(platform);
            assertThat(readers).hasSize(1);
            assertThat(disputesOf(url, user, password, schema)).isEqualTo(2);

            // Kill the reader without a clean stop; the survivor takes over once the lease expires.
            String dead = readers.iterator().next();
            assertThat(leaseOwner(url, user, password, schema)).isEqualTo(dead);
            (dead.equals(a.instanceId()) ? a : b).kill();
            platform.resetRequests();
            await().atMost(Duration.ofSeconds(60)).until(() -> !pollers(platform).isEmpty());
            assertThat(pollers(platform)).hasSize(1).doesNotContain(dead);
            assertThat(disputesOf(url, user, password, schema)).isEqualTo(2);
        } finally {
            simulators.stop();
        }
    }

    private static Set<String> pollers(WireMockServer platform) {
        return platform.findAll(getRequestedFor(urlPathEqualTo("/api/risk/disputes"))).stream()
                .map(LoggedRequest.class::cast).map(r -> r.getHeader("X-Gateway-Instance")).collect(Collectors.toSet());
    }

    private static String leaseOwner(String url, String user, String password, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("select owner from " + schema
                        + ".instance_lease where lease_name = 'poll:POLICE_RISK'");
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static long disputesOf(String url, String user, String password, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("select count(*) from " + schema
                        + ".dispute where source_system = 'POLICE_RISK'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
