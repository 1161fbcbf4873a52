package org.fengqiao.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Apache Artemis broker from the official distribution (unpacked by the build from Maven
 * Central into target/artemis), created as an instance under target/ and run as its own process,
 * as an operator would run the production broker. A member of the primary/backup pair runs with the
 * project's own configuration, docker/artemis/&lt;role&gt;/broker.xml, as compose does.
 */
public final class StandaloneArtemis implements AutoCloseable {

    /** The pair's shared secret in tests (fengqiao.artemis.cluster-password). */
    static final String CLUSTER_PASSWORD = "test-cluster-secret";

    private final Path home;
    private final Path instance;
    private final int portOffset;
    private final String role;
    private final int peerPort;
    private Process process;

    public StandaloneArtemis(Path instance, int portOffset) {
        this(instance, portOffset, null, 0);
    }

    private StandaloneArtemis(Path instance, int portOffset, String role, int peerPort) {
        this.home = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"));
        this.instance = instance;
        this.portOffset = portOffset;
        this.role = role;
        this.peerPort = peerPort;
    }

    /** The primary of a replicated pair on this host; its backup listens on {@code backupPort} once active. */
    public static StandaloneArtemis primary(Path instance, int port, int backupPort) {
        return new StandaloneArtemis(instance, port - 61616, "primary", backupPort);
    }

    /** The backup of a replicated pair on this host. */
    public static StandaloneArtemis backup(Path instance, int port, int primaryPort) {
        return new StandaloneArtemis(instance, port - 61616, "backup", primaryPort);
    }

    /**
     * The URL a client of the pair uses (the gateway's GATEWAY_BROKER_URL, a handler's JMS client):
     * both brokers, ha=true so the client learns the pair's topology and follows the active one, and
     * reconnects without end. The short call timeout: a call to a broker that died mid-call fails in
     * seconds, not 30.
     */
    public static String pairUrl(StandaloneArtemis primary, StandaloneArtemis backup) {
        return "(tcp://127.0.0.1:" + primary.port() + ",tcp://127.0.0.1:" + backup.port() + ")?ha=true"
                + "&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000"
                + "&callTimeout=5000&callFailoverTimeout=10000";
    }

    public int port() {
        return 61616 + portOffset;
    }

    public String url() {
        // A short call timeout: a send to a broker that died mid-call fails in seconds, not 30.
        return "tcp://127.0.0.1:" + port() + "?callTimeout=5000";
    }

    public StandaloneArtemis create() throws Exception {
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(home + " is missing: run the integration tests with mvn verify");
        }
        run(List.of("bash", home.resolve("bin/artemis").toString(), "create", instance.toAbsolutePath().toString(),
                "--user", "admin", "--password", "admin", "--require-login", "--host", "127.0.0.1",
                "--port-offset", String.valueOf(portOffset), "--no-amqp-acceptor", "--no-mqtt-acceptor",
                "--no-stomp-acceptor", "--no-hornetq-acceptor", "--no-web", "--nio", "--silent", "--force"),
                "create");
        if (role != null) {
            Files.copy(Path.of("docker", "artemis", role, "broker.xml"), instance.resolve("etc/broker.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return this;
    }

    /**
     * Adds a broker user with the role amq (after {@link #create()}, before {@link #start()}): a
     * township's system connects as its own user, which the gateway checks its events against.
     */
    public StandaloneArtemis withUser(String user, String password) throws IOException {
        Path users = instance.resolve("etc/artemis-users.properties");
        Files.writeString(users, "\n" + user + " = " + password + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path roles = instance.resolve("etc/artemis-roles.properties");
        Files.writeString(roles, Files.readString(roles).replaceFirst("(?m)^amq = (.*)$", "amq = $1," + user));
        return this;
    }

    /**
     * Starts the broker and waits until it serves clients; a backup, until it has announced itself
     * to its primary (it listens only once it takes over).
     */
    public StandaloneArtemis start() throws Exception {
        Path log = log();
        long from = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder("bash", instance.resolve("bin/artemis").toAbsolutePath().toString(),
                "run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (role != null) {
            builder.environment().put("JAVA_ARGS_APPEND", "-Xmx512M -Dfengqiao.artemis.name=" + role
                    + " -Dfengqiao.artemis.bind=127.0.0.1 -Dfengqiao.artemis.port=" + port()
                    + " -Dfengqiao.artemis.self=127.0.0.1:" + port() + " -Dfengqiao.artemis.peer=127.0.0.1:" + peerPort
                    + " -Dfengqiao.artemis.cluster-password=" + CLUSTER_PASSWORD);
        }
        process = builder.start();
        if ("backup".equals(role)) {
            // AMQ221031: backup announced (replicating the primary's journal).
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> logSince(log, from).contains("AMQ221031") || listening());
        } else {
            // A primary back from a failure listens once it has taken the journal back from its backup.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(this::listening);
        }
        return this;
    }

    /** Waits until this broker serves clients (a backup that took over). */
    public void awaitActive(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(this::listening);
    }

    /** The broker's processes (the start script and the JVM it starts), for what they cost in CPU. */
    public long[] pids() {
        if (process == null || !process.isAlive()) {
            return new long[0];
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .mapToLong(ProcessHandle::pid).toArray();
    }

    /** Death without a goodbye (SIGKILL of the broker's JVM): its backup takes over. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening());
    }

    private Path log() throws IOException {
        return Files.createDirectories(Path.of("target", "it-logs")).resolve("artemis-" + portOffset + ".log");
    }

    private static String logSince(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Stops the broker process (SIGTERM; SIGKILL if it does not go). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(List<String> command, String what) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("artemis-" + what + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("artemis " + what + " failed; see " + log);
        }
    }
}
