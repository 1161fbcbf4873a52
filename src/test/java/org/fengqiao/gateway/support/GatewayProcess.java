package org.fengqiao.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway as the README runs it: {@code java -Dquarkus.profile=local -jar
 * target/quarkus-app/quarkus-run.jar} from the project root (the local profile has the development
 * credentials), configured by environment variables only; a test about prod sets QUARKUS_PROFILE=prod
 * and its secrets. Output goes to a log file under target/it-logs.
 */
public final class GatewayProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final Map<String, String> env;
    private final int httpPort;
    private final int managementPort;
    private final int brokerPort;
    private final String instanceId;
    private Process process;

    public GatewayProcess(String name, Path dataDir, Map<String, String> extraEnv) {
        this.name = name;
        // A test that restarts an instance behind its clients gives it its ports; else any free ones.
        this.httpPort = extraEnv.containsKey("QUARKUS_HTTP_PORT") ? Integer.parseInt(extraEnv.get("QUARKUS_HTTP_PORT"))
                : freePort();
        this.managementPort = extraEnv.containsKey("QUARKUS_MANAGEMENT_PORT")
                ? Integer.parseInt(extraEnv.get("QUARKUS_MANAGEMENT_PORT")) : freePort();
        this.brokerPort = freePort();
        this.env = new HashMap<>(extraEnv);
        env.put("GATEWAY_DATA_DIR", dataDir.toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("GATEWAY_BROKER_PORT", String.valueOf(brokerPort));
        this.instanceId = name + "-" + System.nanoTime();
        env.put("GATEWAY_INSTANCE_ID", instanceId);
        // No police platform next to these runs; a test that wants polling turns it on.
        env.putIfAbsent("GATEWAY_SOURCES_POLICE_ENABLED", "false");
        // Load tests of the process: the per-source rate limits (tested in HostileInputTest) are off.
        env.putIfAbsent("GATEWAY_LIMITS_RATE_LIMIT", "0");
        env.putIfAbsent("GATEWAY_SOURCES_HANDLER_EVENTS_RATE_LIMIT", "0");
        // RestAssured leaves each request's connection open until the idle timeout, all from one
        // address: no limit per client, but where a test sets one (ConnectionsPerClientIT).
        env.putIfAbsent("GATEWAY_LIMITS_MAX_CONNECTIONS_PER_CLIENT", "0");
    }

    public GatewayProcess start() throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with mvn verify");
        }
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        try {
            // A start beside other instances and brokers under load, on two shared cores, can take minutes.
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || ready());
        } catch (RuntimeException notReady) {
            // A caller that starts it in a try-with-resources has nothing to close: stop it here.
            process.destroyForcibly();
            throw notReady;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see target/it-logs/"
                    + name + ".log");
        }
        return this;
    }

    /** Starts it expecting it to refuse to start; returns what it logged. */
    public String startExpectingRefusal() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gateway did not stop by itself");
        }
        if (process.exitValue() == 0) {
            throw new IllegalStateException("gateway exited normally");
        }
        return Files.readString(log);
    }

    /** The local profile unless the environment names another (QUARKUS_PROFILE). */
    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        if (!env.containsKey("QUARKUS_PROFILE")) {
            command.add("-Dquarkus.profile=local");
        }
        command.addAll(List.of("-jar", JAR.toString()));
        return command;
    }

    /**
     * One of the jar's commands ({@code backfill ...}) with this instance's environment, not started:
     * the caller reads its output and waits for it.
     */
    public ProcessBuilder commandLine(String... args) {
        List<String> command = command();
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return builder;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Health and metrics: the management interface, its own port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    public String instanceId() {
        return instanceId;
    }

    /** Death without a goodbye (SIGKILL): no shutdown hook runs. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A normal stop, as a service manager does it (SIGTERM). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** On the management interface, as a probe asks; closes its connection after asking. */
    private boolean ready() {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(managementUrl() + "/q/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
