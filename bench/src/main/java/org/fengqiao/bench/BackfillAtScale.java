package org.fengqiao.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.fengqiao.gateway.backfill.ExportGenerator;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.postgresql.PGConnection;

/**
 * The backfill of closed historical records at speed (issue 30), in one run on one PostgreSQL
 * database: --records closed records per source written by the project's generator, imported by the
 * packaged jar's {@code backfill} command (one per source, with a bounded heap, its peak resident
 * memory and CPU read from /proc) while a running gateway on the same database takes live cases at
 * --live-rate a second (open loop: each case's time from when it was due to when it reached its
 * handler's queue); then PostgreSQL's own COPY of the same rows the import wrote (the backfilled
 * disputes, their history, party and search keys, risk marks), read back from the ledger, into plain
 * tables without keys or indexes: the floor for writing those rows. Before the import, the live p99
 * at the same rate with no import beside it. Prints the figures and writes them with the machine to JSON.
 */
public final class BackfillAtScale {

    private static final List<String> ALL_SOURCES = List.of("HOTLINE_12345", "PETITION", "COURT_MEDIATION",
            "GRID_WORKER", "POLICE_RISK");
    /** The tables a closed historical record writes rows to, as PostgreSQL's own COPY copies them. */
    private static final List<String> TABLES = List.of("dispute", "dispute_history", "dispute_party_key",
            "dispute_search_key", "dispute_risk_mark");
    private static final Pattern IMPORT = Pattern.compile("([0-9,]+) imported.*\\(import \\d+, ([0-9.]+) s\\)");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        long records = Long.parseLong(o.getOrDefault("--records", "20000"));
        List<String> sources = List.of(o.getOrDefault("--sources", String.join(",", ALL_SOURCES)).split(","));
        String url = required(o, "--db-url");
        String user = o.getOrDefault("--db-user", "fengqiao");
        String password = o.getOrDefault("--db-password", "fengqiao");
        String heap = o.getOrDefault("--import-heap", "256m");
        int liveRate = Integer.parseInt(o.getOrDefault("--live-rate", "100"));
        String jar = o.getOrDefault("--jar", "target/quarkus-app/quarkus-run.jar");
        Path out = Path.of(o.getOrDefault("--out", "bench/target/backfill.json")).toAbsolutePath();
        Path work = Files.createDirectories(out.getParent().resolve("backfill"));
        Path project = Path.of(".").toAbsolutePath().normalize();

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", new LinkedHashMap<>(o));
        json.put("machine", Report.machine());
        json.put("loadAverageAtStart", loadAverage());

        List<Path> files = new ArrayList<>();
        Gazetteer gazetteer = Gazetteer.loadDefault();
        for (String source : sources) {
            Path file = work.resolve(source + "-" + records + ".export");
            if (!Files.exists(file)) {
                // Closed records only (open share 0): the fast path's case; the same size and seed give the same file.
                new ExportGenerator(gazetteer, source, "330681").write(file, records, 30, 0.0);
            }
            files.add(file);
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            // A fresh ledger: the live gateway migrates it at its start.
            s.execute("drop schema public cascade");
            s.execute("create schema public");
        }

        Map<String, String> env = Map.of("GATEWAY_DB_URL", url, "GATEWAY_DB_USER", user, "GATEWAY_DB_PASSWORD", password);
        Path log = out.resolveSibling("backfill-gateway.log");
        Files.deleteIfExists(log);
        Map<String, Object> gatewayImport = new LinkedHashMap<>();
        Map<String, Object> live = new LinkedHashMap<>();
        try (PolicePlatform police = new PolicePlatform();
                GatewayProcess gateway = GatewayProcess.start(project, log, List.of("@config/jvm.options"),
                        Bench.loadEnvironment(env, police.baseUrl()));
                HandlerQueues handlers = new HandlerQueues(gateway.brokerUrl(), Bench.OPERATOR,
                        Bench.OPERATOR_PASSWORD, Bench.handlerQueues())) {
            // The live gateway warmed up, then its p99 at the live rate with nothing beside it.
            OpenLoopLoad.run(gateway.baseUrl(), handlers, liveRate, Duration.ofSeconds(10), Duration.ofSeconds(20),
                    new CostWindow(gateway.pid()));
            PhaseResult alone = OpenLoopLoad.run(gateway.baseUrl(), handlers, liveRate, Duration.ofSeconds(5),
                    Duration.ofSeconds(20), new CostWindow(gateway.pid()));
            live.put("aloneP99Ms", alone.p99());
            live.put("aloneP50Ms", alone.p50());
            System.out.printf(Locale.ROOT, "live intake alone at %d/s: p50 %.1f ms, p99 %.1f ms%n", liveRate,
                    alone.p50(), alone.p99());

            Imports imports = new Imports(project, jar, heap, env, sources, files, work);
            Thread importing = new Thread(imports, "backfill-imports");
            importing.start();
            PhaseResult during = OpenLoopLoad.runWhile(gateway.baseUrl(), handlers, liveRate, Duration.ofSeconds(2),
                    importing::isAlive, new CostWindow(gateway.pid()));
            importing.join();
            if (imports.failure != null) {
                throw imports.failure;
            }
            live.put("duringImportP99Ms", during.p99());
            live.put("duringImportP50Ms", during.p50());
            live.put("duringImportCases", during.completed());
            live.put("duringImportRefused", during.refused());
            live.put("duringImportMissing", during.missing());
            live.put("refusals", Refusals.all()); // the first answer of each kind, to say why
            System.out.printf(Locale.ROOT, "live intake during the import at %d/s: p50 %.1f ms, p99 %.1f ms"
                    + " (%d cases, %d refused, %d never arrived)%n", liveRate, during.p50(), during.p99(),
                    during.completed(), during.refused(), during.missing());
            gatewayImport.putAll(imports.figures());
            gatewayImport.put("loadAverageAfterImport", loadAverage());
        }

        Map<String, Object> copy;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            copy = postgresOwnCopy(c, work);
        }
        long imported = (long) gatewayImport.get("imported");
        double gatewayRate = imported / (double) gatewayImport.get("importSeconds");
        double copyRate = imported / (double) copy.get("seconds");
        gatewayImport.put("recordsPerSecond", gatewayRate);
        copy.put("recordsPerSecond", copyRate);
        json.put("gateway", gatewayImport);
        json.put("postgresCopy", copy);
        json.put("gatewayToCopy", gatewayRate / copyRate);
        json.put("live", live);
        json.put("loadAverageAtEnd", loadAverage());
        System.out.printf(Locale.ROOT, "gateway's backfill: %.0f records/s; PostgreSQL's own COPY of the same rows:"
                + " %.0f records/s; ratio %.3f%n", gatewayRate, copyRate, gatewayRate / copyRate);
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        Files.writeString(out, text);
        System.out.println(text);
    }

    /** The backfill command, once per source, one after the other, as an operator runs it. */
    private static final class Imports implements Runnable {
        private final Path project;
        private final String jar;
        private final String heap;
        private final Map<String, String> env;
        private final List<String> sources;
        private final List<Path> files;
        private final Path work;
        volatile Exception failure;
        private long imported;
        private double importSeconds;
        private double processSeconds;
        private long peakResidentKb;
        private double cpuSeconds;
        private final List<String> summaries = new ArrayList<>();

        Imports(Path project, String jar, String heap, Map<String, String> env, List<String> sources, List<Path> files,
                Path work) {
            this.project = project;
            this.jar = jar;
            this.heap = heap;
            this.env = env;
            this.sources = sources;
            this.files = files;
            this.work = work;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < sources.size(); i++) {
                    one(sources.get(i), files.get(i));
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        private void one(String source, Path file) throws Exception {
            Path data = Files.createTempDirectory(work, "command-data");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Dquarkus.profile=local", "-jar", jar, "backfill", "--source", source,
                    file.toString());
            ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile());
            pb.environment().putAll(env);
            pb.environment().put("GATEWAY_DATA_DIR", data.toString());
            // Ports of its own beside the running gateway (docs/backfill.md).
            pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
            pb.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
            pb.environment().put("GATEWAY_BROKER_PORT", String.valueOf(freePort()));
            pb.redirectError(work.resolve(source + ".err").toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            ProcessWatch watch = ProcessWatch.of(p);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            processSeconds += (System.nanoTime() - t0) / 1e9;
            BenchFiles.deleteTree(data);
            if (status != 0) {
                throw new IllegalStateException("backfill of " + source + " exited " + status + ": " + output);
            }
            Matcher m = IMPORT.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("no report from the backfill of " + source + ": " + output);
            }
            imported += Long.parseLong(m.group(1).replace(",", ""));
            importSeconds += Double.parseDouble(m.group(2));
            peakResidentKb = Math.max(peakResidentKb, watch.peakResidentKb());
            cpuSeconds += watch.cpuSeconds();
            String summary = output.lines().filter(l -> l.startsWith(source) || l.startsWith("time: "))
                    .collect(java.util.stream.Collectors.joining("; "));
            summaries.add(summary);
            System.out.println(summary);
        }

        Map<String, Object> figures() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("imported", imported);
            r.put("importSeconds", importSeconds);
            r.put("processSeconds", processSeconds);
            r.put("maxHeap", heap);
            r.put("peakResidentMB", peakResidentKb / 1024);
            // Start-up included (migrations, routes): the CPU the whole command took, last read half a second before it ended.
            r.put("cpuSeconds", cpuSeconds);
            r.put("cpuMsPerRecord", imported == 0 ? 0 : 1000 * cpuSeconds / imported);
            r.put("reports", summaries);
            return r;
        }
    }

    /**
     * The rows the import wrote, read back out of the ledger (not timed), then PostgreSQL's own COPY of
     * them into plain tables of the same columns, without keys or indexes (timed): how fast PostgreSQL
     * itself takes the same rows on this machine at this moment.
     */
    private static Map<String, Object> postgresOwnCopy(Connection c, Path work) throws Exception {
        var copyApi = c.unwrap(PGConnection.class).getCopyAPI();
        long rows = 0;
        List<Path> dumps = new ArrayList<>();
        for (String table : TABLES) {
            Path dump = work.resolve(table + ".copy");
            try (Writer w = Files.newBufferedWriter(dump, StandardCharsets.UTF_8)) {
                // The backfilled disputes' rows only, not those of the live cases taken beside the import.
                rows += copyApi.copyOut("copy (select t.* from " + table + " t where t.dispute_id in"
                        + " (select dispute_id from dispute_history where event = 'BACKFILLED')) to stdout", w);
            }
            dumps.add(dump);
        }
        try (Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("drop table if exists bench_copy_" + table);
                s.execute("create table bench_copy_" + table + " (like " + table + ")");
            }
        }
        long bytes = 0;
        long t0 = System.nanoTime();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        for (int i = 0; i < TABLES.size(); i++) {
            try (Reader r = Files.newBufferedReader(dumps.get(i), StandardCharsets.UTF_8)) {
                copyApi.copyIn("copy bench_copy_" + TABLES.get(i) + " from stdin", r);
            }
            bytes += Files.size(dumps.get(i));
        }
        c.commit();
        c.setAutoCommit(autoCommit);
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("drop table bench_copy_" + table);
            }
        }
        for (Path dump : dumps) {
            Files.delete(dump);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seconds", seconds);
        r.put("rows", rows);
        r.put("bytes", bytes);
        System.out.printf(Locale.ROOT, "PostgreSQL's own COPY of the same %d rows: %.1f s%n", rows, seconds);
        return r;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required: the backfill is measured on PostgreSQL");
        }
        return v;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i]);
            }
            o.put(args[i], args[i + 1]);
        }
        return o;
    }
}
