package org.fengqiao.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway, started as its README says (java -Dquarkus.profile=local -jar
 * target/quarkus-app/quarkus-run.jar: development credentials, 127.0.0.1 only) with a fresh data folder, its embedded broker and ledger. Measures the time from starting the
 * process to the first UP from /q/health/ready (on the management interface's port), and reads its
 * resident memory from /proc.
 */
final class GatewayProcess implements AutoCloseable {

    final int httpPort;
    final int managementPort;
    final int brokerPort;
    final Path dataDir;
    private final Process process;
    final double readySeconds;

    private GatewayProcess(int httpPort, int managementPort, int brokerPort, Path dataDir, Process process,
            double readySeconds) {
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.brokerPort = brokerPort;
        this.dataDir = dataDir;
        this.process = process;
        this.readySeconds = readySeconds;
    }

    static GatewayProcess start(Path projectDir, Path logFile, List<String> jvmOptions, Map<String, String> env)
            throws Exception {
        return start(projectDir, logFile, jvmOptions, env, Duration.ofSeconds(120));
    }

    /** {@code readyWithin}: longer where the start migrates a large ledger. */
    static GatewayProcess start(Path projectDir, Path logFile, List<String> jvmOptions, Map<String, String> env,
            Duration readyWithin) throws Exception {
        int httpPort = freePort();
        int managementPort = freePort();
        int brokerPort = freePort();
        Path dataDir = Files.createTempDirectory("fengqiao-bench-data");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // The default prod profile refuses to start with the development credentials the bench signs with.
        command.add("-Dquarkus.profile=local");
        command.add("-jar");
        command.add(projectDir.resolve("target/quarkus-app/quarkus-run.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // As the README starts it: one malloc arena instead of one per thread (native memory).
        builder.environment().put("MALLOC_ARENA_MAX", "1");
        builder.environment().putAll(env);
        builder.environment().put("GATEWAY_DATA_DIR", dataDir.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("GATEWAY_BROKER_PORT", String.valueOf(brokerPort));

        long started = System.nanoTime();
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = started + readyWithin.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    return new GatewayProcess(httpPort, managementPort, brokerPort, dataDir, process, seconds);
                }
            } catch (IOException notListeningYet) {
                // keep asking
            }
            Thread.sleep(5);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the gateway was not ready within " + readyWithin + "; see " + logFile);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    long pid() {
        return process.pid();
    }

    // HTTP/1.1: the JDK client's default upgrade attempt to HTTP/2 is refused with GOAWAY.
    private static final HttpClient METRICS_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .build();

    /**
     * The sum and count of the gateway's group-commit sizes so far (its own metric), so a phase can
     * report how many new disputes shared a ledger commit on average.
     */
    double[] groupSizes() {
        return metricSums("gateway_delivery_group_size_sum", "gateway_delivery_group_size_count");
    }

    /**
     * The heap the gateway's JVM has committed and the heap in use, in MiB (Micrometer's JVM gauges,
     * summed over the collector's pools): what of the resident memory is heap at that moment.
     */
    double[] heapCommittedAndUsedMiB() {
        double[] bytes = metricSums("jvm_memory_committed_bytes{area=\"heap\"", "jvm_memory_used_bytes{area=\"heap\"");
        return new double[] { bytes[0] / (1 << 20), bytes[1] / (1 << 20) };
    }

    /** For each prefix, the sum of the values of the /q/metrics lines that start with it; NaN if unread. */
    private double[] metricSums(String... prefixes) {
        double[] sums = new double[prefixes.length];
        Arrays.fill(sums, Double.NaN);
        String metrics;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/metrics")).build();
            metrics = METRICS_CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return sums; // figures for the report, not worth ending the run for
        }
        Arrays.fill(sums, 0);
        for (String line : metrics.split("\n")) {
            for (int i = 0; i < prefixes.length; i++) {
                if (line.startsWith(prefixes[i])) {
                    sums[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sums;
    }

    /** Resident set size of the gateway's JVM, in MiB (VmRSS from /proc). */
    double residentMiB() throws IOException {
        return statusMiB("VmRSS:");
    }

    /** The most the gateway's JVM has been resident since it started, in MiB (VmHWM from /proc). */
    double peakResidentMiB() throws IOException {
        return statusMiB("VmHWM:");
    }

    private double statusMiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no " + field + " for process " + process.pid());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        BenchFiles.deleteTree(dataDir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
