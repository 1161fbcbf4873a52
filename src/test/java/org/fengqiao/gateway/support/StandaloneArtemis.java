package org.fengqiao.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Apache Artemis broker from the official distribution (unpacked by the build from Maven
 * Central into target/artemis), created as an instance under target/ and run as its own process,
 * as an operator would run the production broker.
 */
public final class StandaloneArtemis implements AutoCloseable {

    private final Path home;
    private final Path instance;
    private final int portOffset;
    private Process process;

    public StandaloneArtemis(Path instance, int portOffset) {
        this.home = Path.of(System.getProperty("artemis.home", "target/artemis/apache-artemis-2.40.0"));
        this.instance = instance;
        this.portOffset = portOffset;
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
        return this;
    }

    public StandaloneArtemis start() throws Exception {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("artemis-" + portOffset + ".log");
        process = new ProcessBuilder("bash", instance.resolve("bin/artemis").toAbsolutePath().toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::listening);
        return this;
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
