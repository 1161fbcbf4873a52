package org.fengqiao.gateway.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/compose.yaml describes the topology the failover test runs: two gateways behind a load
 * balancer on one PostgreSQL, the Artemis pair with the project's own broker configuration, the
 * simulators. No Docker engine runs on the build machines, so the file is checked with the one tool
 * that reads it without an engine: Compose's own {@code config} (the schema, the anchors, the
 * interpolation), from Debian's docker-compose, which .ci/run installs.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker", "compose.yaml");
    private static final Path ENV_EXAMPLE = Path.of("docker", "compose.env.example");
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?");

    @TempDir
    Path folder;

    @Test
    void composeReadsTheTopologyWithEverySecretOfTheExampleSet() throws Exception {
        Path env = filledEnvironment(Set.of());
        Run run = compose("--env-file", env.toString(), "config");
        assertThat(run.exitCode()).as(run.errors()).isZero();
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(run.output());

        JsonNode services = config.path("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("postgres", "artemis-primary", "artemis-backup", "gateway-1",
                "gateway-2", "lb", "simulators");

        for (String gateway : List.of("gateway-1", "gateway-2")) {
            JsonNode environment = services.path(gateway).path("environment");
            assertThat(environment.path("QUARKUS_PROFILE").asText()).isEqualTo("prod");
            assertThat(environment.path("GATEWAY_DB_URL").asText()).startsWith("jdbc:postgresql://postgres:");
            assertThat(environment.path("GATEWAY_BROKER_URL").asText())
                    .contains("tcp://artemis-primary:61616", "tcp://artemis-backup:61616", "ha=true");
            assertThat(environment.path("GATEWAY_INSTANCE_ID").asText()).isEqualTo(gateway);
            assertThat(services.path(gateway).path("build").path("dockerfile").asText()).endsWith("Dockerfile.jvm");
        }
        // Each broker runs the project's file for its role, the one the failover test runs too.
        for (String role : List.of("primary", "backup")) {
            JsonNode volumes = services.path("artemis-" + role).path("volumes");
            assertThat(volumes.toString()).contains("artemis/" + role + "/broker.xml")
                    .contains("/var/lib/artemis-instance/etc-override/broker.xml");
            assertThat(Path.of("docker", "artemis", role, "broker.xml")).isRegularFile();
        }
        String nginx = Files.readString(Path.of("docker", "nginx.conf"));
        assertThat(nginx).contains("server gateway-1:8080", "server gateway-2:8080");
        assertThat(services.path("lb").path("ports").toString()).contains("8080");
    }

    @Test
    void theExampleNamesEverySecretComposeRequiresAndNothingElse() throws Exception {
        Set<String> required = new TreeSet<>();
        Matcher m = REQUIRED_VARIABLE.matcher(Files.readString(COMPOSE));
        while (m.find()) {
            required.add(m.group(1));
        }
        assertThat(exampleKeys().keySet()).containsExactlyInAnyOrderElementsOf(required);
    }

    @Test
    void aSecretLeftUnsetStopsComposeAndIsNamed() throws Exception {
        Path env = filledEnvironment(Set.of("GATEWAY_PII_INDEX_KEY"));
        Run run = compose("--env-file", env.toString(), "config", "-q");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errors()).contains("GATEWAY_PII_INDEX_KEY");
    }

    /** The example's keys, each set to a value of its own, except those left out. */
    private Path filledEnvironment(Set<String> leftOut) throws Exception {
        StringBuilder out = new StringBuilder();
        exampleKeys().keySet().stream().filter(key -> !leftOut.contains(key))
                .forEach(key -> out.append(key).append("=test-").append(key.toLowerCase()).append('\n'));
        Path env = folder.resolve("compose.env");
        Files.writeString(env, out, StandardCharsets.UTF_8);
        return env;
    }

    private static Map<String, String> exampleKeys() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                keys.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return keys;
    }

    /** What compose wrote on its standard output (the configuration) and on its error output. */
    private record Run(int exitCode, String output, String errors) {
    }

    private Run compose(String... arguments) throws Exception {
        String tool = onPath("docker-compose");
        if (tool == null) {
            // Under CI the tool is installed (.ci/run): its absence is a failure there, not a skip.
            assertThat(System.getenv("CI")).as("docker-compose is on the PATH under CI").isNotEqualTo("true");
            Assumptions.abort("docker-compose not installed (Debian: apt-get install docker-compose)");
        }
        List<String> command = new ArrayList<>(List.of(tool, "-p", "fengqiao", "-f", COMPOSE.toString()));
        command.addAll(Arrays.asList(arguments));
        Path errors = folder.resolve("compose-errors.txt");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output, Files.readString(errors));
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
