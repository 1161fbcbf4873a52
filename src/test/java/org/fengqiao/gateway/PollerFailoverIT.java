package org.fengqiao.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.SharedLedger;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one PostgreSQL ledger, both with the police poller on: only one reads
 * the platform at a time, the items become disputes once, and when the reading instance is killed
 * the other takes over after the lease time.
 */
class PollerFailoverIT {

    static final String POLICE_DISPUTES = "dispute where source_system = 'POLICE_RISK'";

    @Test
    void onlyOneOfTwoInstancesPollsAndTheOtherTakesOverWhenItDies() throws Exception {
        SharedLedger ledger = SharedLedger.create("poller_failover");

        WireMockSimulators simulators = new WireMockSimulators();
        String platformUrl = simulators.start().get("gateway.sources.police.base-url");
        WireMockServer platform = WireMockSimulators.server();
        Map<String, String> env = ledger.gatewayEnv();
        env.put("GATEWAY_SOURCES_POLICE_ENABLED", "true");
        env.put("GATEWAY_SOURCES_POLICE_BASE_URL", platformUrl);
        env.put("GATEWAY_SOURCES_POLICE_POLL_INTERVAL", "1s");
        env.put("GATEWAY_SOURCES_POLICE_LEASE_TIME", "PT5S");

        Path data = ledger.dataDir();
        try (GatewayProcess a = new GatewayProcess("failover-a", data.resolve("a"), env).start();
                GatewayProcess b = new GatewayProcess("failover-b", data.resolve("b"), env).start()) {
            // Both run their timers every second; the platform sees one reader.
            await().atMost(Duration.ofSeconds(30)).until(() -> pollers(platform).size() >= 1
                    && platform.findAll(getRequestedFor(urlPathEqualTo("/api/risk/disputes"))).size() >= 6);
            Set<String> readers = pollers(platform);
            assertThat(readers).hasSize(1);
            assertThat(ledger.count(POLICE_DISPUTES)).isEqualTo(2);

            // Kill the reader without a clean stop; the survivor takes over once the lease expires.
            String dead = readers.iterator().next();
            assertThat(ledger.value("select owner from instance_lease where lease_name = 'poll:POLICE_RISK'"))
                    .isEqualTo(dead);
            (dead.equals(a.instanceId()) ? a : b).kill();
            platform.resetRequests();
            await().atMost(Duration.ofSeconds(60)).until(() -> !pollers(platform).isEmpty());
            assertThat(pollers(platform)).hasSize(1).doesNotContain(dead);
            assertThat(ledger.count(POLICE_DISPUTES)).isEqualTo(2);
        } finally {
            simulators.stop();
        }
    }

    private static Set<String> pollers(WireMockServer platform) {
        return platform.findAll(getRequestedFor(urlPathEqualTo("/api/risk/disputes"))).stream()
                .map(LoggedRequest.class::cast).map(r -> r.getHeader("X-Gateway-Instance")).collect(Collectors.toSet());
    }
}
