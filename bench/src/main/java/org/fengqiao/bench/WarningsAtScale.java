package org.fengqiao.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Whether the risk-warning rules that follow arrivals keep up with intake, on a county-scale ledger
 * (BENCHMARKS.md, "The warning rules at county scale"). A gateway with the arrivals round off takes
 * a backlog of cases through the sources' doors; a second gateway on the same ledger starts with the
 * round on, as a restart after the backlog would, and the bench times how fast its rounds read the
 * backlog: the cursor (risk_warning_cursor) against the history's last entry, four times a second.
 * The rate at which the round reads cases is the intake it keeps up with: the intake's own cost does
 * not fall on it here, so the gateway's CPU while it reads is reported beside it.
 */
public final class WarningsAtScale {

    private WarningsAtScale() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        String url = o.getOrDefault("--db-url", "jdbc:postgresql://127.0.0.1:5432/console_scale");
        String user = o.getOrDefault("--db-user", "fengqiao");
        String password = o.getOrDefault("--db-password", "fengqiao");
        int cases = Integer.parseInt(o.getOrDefault("--cases", "30000"));
        int connections = Integer.parseInt(o.getOrDefault("--connections", "16"));
        int returningPeople = Integer.parseInt(o.getOrDefault("--returning-people", "1000"));
        double returningShare = Double.parseDouble(o.getOrDefault("--returning-share", "0.1"));
        Path project = Path.of(o.getOrDefault("--project", ".")).toAbsolutePath().normalize();
        Path out = Path.of(o.getOrDefault("--out", "bench/target/warnings-scale.json")).toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path log = out.resolveSibling("warnings-scale-gateway.log");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", o);
        json.put("machine", Report.machine());
        json.put("loadAverageAtStart", BenchFiles.loadAverage());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_DB_URL", url);
        env.put("GATEWAY_DB_USER", user);
        env.put("GATEWAY_DB_PASSWORD", password);
        env.put("GATEWAY_SOURCES_POLICE_ENABLED", "false");
        // The scheduled round (surge, long unresolved) reads the whole ledger on its own timer: left
        // off, so that what is timed is the rules that follow arrivals.
        env.put("GATEWAY_WARNINGS_SCHEDULE_INTERVAL", "off");
        List<String> jvm = List.of("@config/jvm.options");

        try (Connection db = DriverManager.getConnection(url, user, password)) {
            json.put("ledgerDisputes", single(db, "select count(*) from dispute"));
            json.put("searchKeys", single(db, "select count(*) from dispute_search_key"));
            // Some people come back, as repeat petitioners do, so the repeat-party rule has work to do.
            Payloads.returningParties(returningPeople, returningShare);

            // 1. The backlog, taken with the round off.
            Map<String, String> off = new LinkedHashMap<>(env);
            off.put("GATEWAY_WARNINGS_ARRIVAL_INTERVAL", "off");
            long posted;
            double postSeconds;
            try (GatewayProcess gateway = GatewayProcess.start(project, log, jvm, off, Duration.ofMinutes(15))) {
                long t0 = System.nanoTime();
                posted = post(gateway.baseUrl(), cases, connections);
                postSeconds = (System.nanoTime() - t0) / 1e9;
            }
            long cursor = single(db, "select last_id from risk_warning_cursor where cursor_name = 'arrivals'");
            long last = single(db, "select max(id) from dispute_history");
            long arrivals = single(db, "select count(*) from dispute_history where id > " + cursor
                    + " and event = 'RECEIVED'");
            long warningsBefore = single(db, "select count(*) from risk_warning");
            long evidenceBefore = single(db, "select count(*) from risk_warning_evidence");
            System.out.printf(Locale.ROOT, "backlog: %,d cases posted in %.0f s (%.0f/s); %,d history entries,"
                    + " %,d arrivals after the cursor%n", posted, postSeconds, posted / postSeconds, last - cursor,
                    arrivals);

            // 2. The round on: how fast it reads the backlog.
            try (GatewayProcess gateway = GatewayProcess.start(project, log, jvm, env, Duration.ofMinutes(15))) {
                double cpuAtReady = cpuSeconds(gateway.pid());
                long t0 = System.nanoTime();
                long behindMost = last - cursor;
                long deadline = t0 + Duration.ofMinutes(30).toNanos();
                long at = cursor;
                while (at < last) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the arrivals round did not reach the backlog's end in 30 min");
                    }
                    Thread.sleep(250);
                    at = single(db, "select last_id from risk_warning_cursor where cursor_name = 'arrivals'");
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = cpuSeconds(gateway.pid()) - cpuAtReady;
                long raised = single(db, "select count(*) from risk_warning") - warningsBefore;
                long evidence = single(db, "select count(*) from risk_warning_evidence") - evidenceBefore;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("casesPosted", posted);
                r.put("postSeconds", postSeconds);
                r.put("historyEntries", behindMost);
                r.put("arrivals", arrivals);
                r.put("readSeconds", seconds);
                r.put("arrivalsPerSecond", arrivals / seconds);
                r.put("gatewayCpuSeconds", cpu);
                r.put("gatewayCpuMsPerArrival", cpu * 1000 / arrivals);
                r.put("warningsRaised", raised);
                r.put("evidenceRecorded", evidence);
                json.put("arrivalsRound", r);
                System.out.printf(Locale.ROOT, "the round read %,d arrivals in %.1f s: %.0f arrivals/s;"
                        + " gateway CPU %.1f s (%.2f ms an arrival); %,d warnings raised, %,d disputes recorded as their"
                        + " evidence%n", arrivals, seconds, arrivals / seconds, cpu, cpu * 1000 / arrivals, raised, evidence);
            }
        }
        json.put("loadAverageAtEnd", BenchFiles.loadAverage());
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        System.out.println("written to " + out);
    }

    /** Posts {@code count} cases of the three pushed sources on {@code connections} threads; @return 2xx answers */
    private static long post(String baseUrl, int count, int connections) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < connections; w++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        Payloads.Case c = Payloads.nextPushed();
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + c.source().path))
                                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
                        c.signedHeaders().forEach(request::header);
                        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status / 100 != 2) {
                            throw new IllegalStateException("a case was refused: " + status);
                        }
                        accepted.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return accepted.get();
    }

    /** The CPU a process has used, in seconds (utime + stime at USER_HZ 100). */
    private static double cpuSeconds(long pid) throws Exception {
        String line = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
