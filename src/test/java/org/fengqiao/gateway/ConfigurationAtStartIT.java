package org.fengqiao.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.fengqiao.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * Configuration mistakes stop the packaged jar at start with one message naming the key or file,
 * the bad value and what is allowed, and no stack trace; the local profile listens on 127.0.0.1 only.
 */
class ConfigurationAtStartIT {

    @Test
    void thePlainStartWithoutSecretsStopsNamingTheKeys() throws Exception {
        String log = refused("prod-no-secrets", Map.of("QUARKUS_PROFILE", "prod"));
        assertThat(log).contains("The gateway does not start in profile 'prod'")
                .contains("gateway.pii.keys (GATEWAY_PII_KEYS): missing")
                .contains("gateway.pii.index-key (GATEWAY_PII_INDEX_KEY): missing")
                .contains("gateway.broker.password (GATEWAY_BROKER_PASSWORD): missing")
                .contains("gateway.security.sources.\"HOTLINE_12345\".secret"
                        + " (GATEWAY_SECURITY_SOURCES__HOTLINE_12345__SECRET): missing")
                .contains("gateway.security.sources.\"GRID_WORKER\".secret")
                .contains("-Dquarkus.profile=local");
        assertNoStackTrace(log);
    }

    @Test
    void prodWithTheDevelopmentValuesStopsNamingTheKeys() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("QUARKUS_PROFILE", "prod",
                "GATEWAY_SECURITY_SOURCES__PETITION__SECRET", "dev-petition-secret",
                "GATEWAY_PII_INDEX_KEY", "fengqiao-dev-index-key-change-me",
                // a key of one's own beside the published one is still the published one
                "GATEWAY_PII_KEYS", "own-1:qsy3R8rmtlLSQYzlXMcbq3gk1Zr1Ru9wyV4Ihmt/BPM=,"
                        + "dev-1:yTY4mQeD7rDhvCO61HB2tNqExHCjxiE04GqKAzHiMTU=",
                "GATEWAY_PII_ACTIVE_KEY", "own-1",
                "GATEWAY_BROKER_PASSWORD", "dev-gateway-broker"));
        String log = refused("prod-dev-values", env);
        assertThat(log).contains("gateway.security.sources.\"PETITION\".secret"
                        + " (GATEWAY_SECURITY_SOURCES__PETITION__SECRET): has the published development value")
                .contains("gateway.pii.index-key (GATEWAY_PII_INDEX_KEY): has the published development value")
                .contains("gateway.pii.keys (GATEWAY_PII_KEYS): has the published development value")
                .contains("gateway.broker.password (GATEWAY_BROKER_PASSWORD): has the published development value")
                .doesNotContain("gateway.pii.active-key");
        assertNoStackTrace(log);
    }

    /** A ledger database that is not the gateway's (tables, no migration history): Flyway refuses it. */
    @Test
    void aLedgerDatabaseFlywayRefusesStopsTheStart() throws Exception {
        Path data = Path.of("target", "it-data", "foreign-ledger-" + System.nanoTime()).toAbsolutePath();
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                + data.resolve("ledger").resolve("fengqiao") + org.fengqiao.gateway.ledger.EmbeddedLedgerUrl.OPTIONS, "sa", "");
                var s = c.createStatement()) {
            s.execute("create table someone_elses (id int primary key)");
        }
        String log = new GatewayProcess("foreign-ledger", data, Map.of()).startExpectingRefusal();
        assertThat(log).contains("The gateway does not start: its ledger database cannot be opened and migrated")
                .contains("no schema history table");
        assertNoStackTrace(log);
    }

    @Test
    void theLocalProfileListensOnTheLoopbackOnly() throws Exception {
        Path data = Path.of("target", "it-data", "local-" + System.nanoTime());
        try (GatewayProcess gateway = new GatewayProcess("local-loopback", data, Map.of()).start()) {
            int http = URI.create(gateway.baseUrl()).getPort();
            int management = URI.create(gateway.managementUrl()).getPort();
            int broker = URI.create(gateway.brokerUrl()).getPort();
            InetAddress outside = outsideAddress();
            for (int port : new int[] { http, management, broker }) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:" + port).isTrue();
                if (outside != null) {
                    assertThat(connects(outside, port)).as(outside + ":" + port).isFalse();
                }
            }
        }
    }

    @Test
    void aTypoInTheSourceIdOfARouteStopsTheStart() throws Exception {
        Path routes = copy("routes", "typo-routes");
        Path file = routes.resolve("grid-worker.yaml");
        Files.writeString(file, Files.readString(file).replace("toDraft('GRID_WORKER'", "toDraft('GRID_WORKR'"));
        // An evaluation route naming a source whose definition has no evaluation section.
        Path hotline = routes.resolve("hotline.yaml");
        Files.writeString(hotline, Files.readString(hotline).replace("toEvaluation('HOTLINE_12345'", "toEvaluation('GRID_WORKER'"));
        String log = refused("route-source-typo", Map.of("GATEWAY_ROUTES_DIR", routes.toString()));
        assertThat(log).contains("grid-worker.yaml: route grid-worker-report: source 'GRID_WORKR'")
                .contains("defined: [COURT_MEDIATION, GRID_WORKER, HOTLINE_12345, OPEN311, PETITION, POLICE_RISK]")
                .contains("hotline.yaml: route hotline-evaluation: source 'GRID_WORKER'")
                .contains("has no evaluation section");
        assertNoStackTrace(log);
    }

    @Test
    void aSourceDefinedByFilesWithoutACredentialStopsTheStart() throws Exception {
        Path config = copy("config", "no-credential-config");
        Path routes = copy("routes", "no-credential-routes");
        Files.writeString(config.resolve("sources/NEW_SOURCE.yaml"), Files
                .readString(config.resolve("sources/GRID_WORKER.yaml")).replace("source: GRID_WORKER", "source: NEW_SOURCE"));
        Files.writeString(routes.resolve("new-source.yaml"), Files.readString(routes.resolve("grid-worker.yaml"))
                .replace("GRID_WORKER", "NEW_SOURCE").replace("grid-worker", "new-source"));
        String log = refused("source-without-credential",
                Map.of("GATEWAY_CONFIG_DIR", config.toString(), "GATEWAY_ROUTES_DIR", routes.toString()));
        assertThat(log).contains("path /api/v1/sources/new-source has no credential")
                .contains("NEW_SOURCE.yaml defines source NEW_SOURCE, but it has no credential")
                .contains("GATEWAY_SECURITY_SOURCES__NEW_SOURCE__SECRET");
        assertNoStackTrace(log);
    }

    @Test
    void aBadCategoryStopsTheStartWithTheAllowedValues() throws Exception {
        Path config = copy("config", "bad-category-config");
        Path table = config.resolve("categories/GRID_WORKER.yaml");
        Files.writeString(table, Files.readString(table).replace("邻里纠纷: NEIGHBOR", "邻里纠纷: NEIGHBOUR"));
        String log = refused("bad-category", Map.of("GATEWAY_CONFIG_DIR", config.toString()));
        assertThat(log).contains("GRID_WORKER.yaml: table.邻里纠纷: 'NEIGHBOUR' is not allowed; allowed: MARRIAGE_FAMILY,");
        assertNoStackTrace(log);

        Path policyConfig = copy("config", "bad-policy-config");
        Path policy = policyConfig.resolve("routing-policy.yaml");
        Files.writeString(policy, Files.readString(policy).replace("category: [MEDICAL]", "category: [MEDICINE]"));
        log = refused("bad-policy-category", Map.of("GATEWAY_CONFIG_DIR", policyConfig.toString()));
        assertThat(log).contains("routing-policy.yaml: rules[0].when.category[0]: 'MEDICINE' is not allowed; allowed:");
        assertNoStackTrace(log);
    }

    private static String refused(String name, Map<String, String> env) throws Exception {
        return new GatewayProcess(name, Path.of("target", "it-data", name + "-" + System.nanoTime()), env)
                .startExpectingRefusal();
    }

    /** The message alone: no stack frame, no ERROR line. */
    private static void assertNoStackTrace(String log) {
        assertThat(log).doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
                .doesNotContain("ERROR");
    }

    private static Path copy(String folder, String name) throws IOException {
        Path target = Path.of("target", "it-data", name + "-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(Path.of(folder))) {
            for (Path from : files.toList()) {
                Path to = target.resolve(Path.of(folder).relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        return target;
    }

    private static InetAddress outsideAddress() throws IOException {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
