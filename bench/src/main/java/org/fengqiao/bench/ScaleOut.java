package org.fengqiao.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.fengqiao.gateway.support.StandaloneArtemis;

/**
 * Intake with one and with two gateway instances, side by side in one run (bench/run-scale-out;
 * BENCHMARKS.md, "Two gateways and the Artemis pair"). Each set-up has the topology of
 * docs/scale-out.md: its own schema in one PostgreSQL database, its own Artemis primary/backup pair
 * (the project's docker/artemis files, replication, both brokers on this machine) and its own police
 * platform. Both set-ups stay up for the whole run and the repeats alternate between them, so that a
 * busy spell of a shared machine falls on both alike. The load is the bench's: the closed-loop intake
 * at 16 connections and the open loop at 200 cases/s, the cases sent to the set-up's instances in
 * turn, as a round-robin load balancer sends them. CPU is counted for the gateway instances together,
 * for the broker pair, for the set-up's PostgreSQL connections (their server processes, found by the
 * application name the gateways connect with) and for the whole machine, each apart.
 */
public final class ScaleOut {

    static final int CONNECTIONS = 16;
    static final int RATE = 200;
    static final String BROKER_USER = "admin";
    static final String BROKER_PASSWORD = "admin";
    /** A first start migrates the ledger; beside two brokers and another set-up, on two shared cores. */
    static final Duration READY_WITHIN = Duration.ofMinutes(10);
    static final String BROKERS = "brokers";
    static final String LEDGER = "ledger";

    /** What a row of the table shows of a phase's result. */
    private record Figure(String key, String label, String unit, String format, ToDoubleFunction<Measured> value) {
    }

    /** One measured window with what the broker pair and the ledger spent, and how loaded the machine was. */
    record Measured(PhaseResult result, double brokerCpuMs, double ledgerCpuMs, String loadBefore,
            String loadAfter) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("perSecond", "cases/s", "cases/s", "%.0f", m -> m.result.perSecond()),
            new Figure("answerP50", "POST->2xx p50", "ms", "%.1f", m -> m.result.answerP50()),
            new Figure("answerP99", "POST->2xx p99", "ms", "%.1f", m -> m.result.answerP99()),
            new Figure("p50", "POST->handler queue p50", "ms", "%.1f", m -> m.result.p50()),
            new Figure("p99", "POST->handler queue p99", "ms", "%.1f", m -> m.result.p99()),
            new Figure("gatewayCpuMs", "gateway CPU per case (all instances)", "ms", "%.2f",
                    m -> m.result.gatewayCpuMs()),
            new Figure("brokerCpuMs", "broker pair CPU per case", "ms", "%.2f", Measured::brokerCpuMs),
            new Figure("ledgerCpuMs", "PostgreSQL CPU per case (its connections)", "ms", "%.2f",
                    Measured::ledgerCpuMs),
            new Figure("machineCpuMs", "machine CPU per case (every process)", "ms", "%.2f",
                    m -> m.result.machineCpuMs()));

    /** The gateway instances of one set-up with their ledger schema, broker pair and police platform. */
    static final class SetUp implements AutoCloseable {

        final int instances;
        final String schema;
        final PolicePlatform police;
        private StandaloneArtemis primary;
        private StandaloneArtemis backup;
        final List<GatewayProcess> gateways = new ArrayList<>();
        /** The bench's own connection, to find the server processes of the gateways' connections. */
        final Connection database;
        HandlerQueues queues;
        final Map<String, List<Measured>> phases = new LinkedHashMap<>();
        long warmupSeconds;

        SetUp(Settings settings, int instances, int primaryPort) throws Exception {
            this.instances = instances;
            this.schema = "scale_out_" + instances + "_" + System.currentTimeMillis();
            database = DriverManager.getConnection(settings.dbUrl, settings.dbUser, settings.dbPassword);
            try (Statement s = database.createStatement()) {
                s.execute("create schema " + schema);
            }
            police = new PolicePlatform();
            try {
                start(settings, primaryPort);
            } catch (Exception e) {
                close(); // no broker or gateway left running behind a failed start
                throw e;
            }
        }

        private void start(Settings settings, int primaryPort) throws Exception {
            Path dir = settings.project.resolve("bench/target/scale-out").resolve(schema);
            primary = StandaloneArtemis.primary(dir.resolve("primary"), primaryPort, primaryPort + 1);
            backup = StandaloneArtemis.backup(dir.resolve("backup"), primaryPort + 1, primaryPort);
            primary.create().start();
            backup.create().start();
            String pairUrl = StandaloneArtemis.pairUrl(primary, backup);
            Map<String, String> env = Bench.loadEnvironment(settings.gatewayEnv, police.baseUrl());
            // The schema's name as the connections' application name: how their server processes are found.
            env.put("GATEWAY_DB_URL", settings.dbUrl + (settings.dbUrl.contains("?") ? "&" : "?")
                    + "currentSchema=" + schema + "&ApplicationName=" + schema);
            env.put("GATEWAY_DB_USER", settings.dbUser);
            env.put("GATEWAY_DB_PASSWORD", settings.dbPassword);
            env.put("GATEWAY_BROKER_URL", pairUrl);
            env.put("GATEWAY_BROKER_USER", BROKER_USER);
            env.put("GATEWAY_BROKER_PASSWORD", BROKER_PASSWORD);
            // One after the other: the first migrates the schema, as a rolling start does.
            for (int i = 1; i <= instances; i++) {
                Path log = settings.out.resolveSibling("scale-out-" + instances + "-gateway-" + i + ".log");
                Files.deleteIfExists(log);
                gateways.add(GatewayProcess.start(settings.project, log, settings.gatewayJvm, env, READY_WITHIN));
            }
            queues = new HandlerQueues(pairUrl, BROKER_USER, BROKER_PASSWORD, Bench.handlerQueues());
        }

        List<String> baseUrls() {
            return gateways.stream().map(GatewayProcess::baseUrl).toList();
        }

        long[] gatewayPids() {
            return gateways.stream().mapToLong(GatewayProcess::pid).toArray();
        }

        CostWindow cost() {
            return new CostWindow(gatewayPids())
                    .alongside(BROKERS, () -> LongStream.concat(LongStream.of(primary.pids()),
                            LongStream.of(backup.pids())).toArray())
                    .alongside(LEDGER, this::ledgerPids);
        }

        /** The PostgreSQL server processes of the gateways' connections (on this machine, as here). */
        private long[] ledgerPids() {
            try (PreparedStatement s = database.prepareStatement(
                    "select pid from pg_stat_activity where application_name = ?")) {
                s.setString(1, schema);
                List<Long> pids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        pids.add(rs.getLong(1));
                    }
                }
                return pids.stream().mapToLong(Long::longValue).toArray();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        String name() {
            return instances == 1 ? "one gateway" : instances + " gateways";
        }

        @Override
        public void close() throws Exception {
            if (queues != null) {
                queues.close();
            }
            for (GatewayProcess g : gateways) {
                g.close();
            }
            if (backup != null) {
                backup.close();
            }
            if (primary != null) {
                primary.close();
            }
            police.close();
            try (Statement s = database.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            }
            database.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Files.createDirectories(settings.out.getParent());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings.asMap());
        json.put("machine", Report.machine());
        json.put("loadAverageAtStart", BenchFiles.loadAverage());
        System.out.printf("Scale-out: %s gateway instance(s), %d repeats, %d s windows after %d s warm-up;"
                + " load average %s%n", settings.instances, settings.repeats, settings.seconds.toSeconds(),
                settings.warmup.toSeconds(), BenchFiles.loadAverage());

        List<SetUp> setUps = new ArrayList<>();
        try {
            int port = settings.brokerPort;
            for (int instances : settings.instances) {
                setUps.add(new SetUp(settings, instances, port));
                port += 2;
            }
            for (SetUp s : setUps) {
                s.warmupSeconds = Bench.warmUp(settings.jitWarmup, s.baseUrls(), s.queues, s.police, s.gatewayPids());
                System.out.printf("%s warmed up in %d s%n", s.name(), s.warmupSeconds);
            }
            for (int r = 1; r <= settings.repeats; r++) {
                // Every other repeat the other set-up goes first.
                List<SetUp> order = new ArrayList<>(setUps);
                if (r % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (String phase : List.of("intake" + CONNECTIONS, "open" + RATE)) {
                    for (SetUp s : order) {
                        Measured m = measure(settings, s, phase);
                        s.phases.computeIfAbsent(phase, k -> new ArrayList<>()).add(m);
                        PhaseResult p = m.result;
                        System.out.printf("repeat %d, %s, %s: %.0f cases/s, POST->2xx p99 %.1f ms, e2e p99 %.1f ms;"
                                + " CPU per case: gateways %.2f ms, brokers %.2f ms, PostgreSQL %.2f ms,"
                                + " machine %.2f ms; refused %d, errors %d, missing %d, twice %d;"
                                + " load average %s -> %s%n", r, s.name(), phase, p.perSecond(), p.answerP99(), p.p99(),
                                p.gatewayCpuMs(), m.brokerCpuMs, m.ledgerCpuMs, p.machineCpuMs(), p.refused(),
                                p.errors(), p.missing(), p.duplicates(), m.loadBefore, m.loadAfter);
                    }
                }
            }
        } finally {
            for (SetUp s : setUps) {
                s.close();
            }
        }
        json.put("loadAverageAtEnd", BenchFiles.loadAverage());
        print(setUps);
        json.put("setUps", asJson(setUps));
        Files.writeString(settings.out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json));
        System.out.println("figures written to " + settings.out);
        System.exit(0);
    }

    private static Measured measure(Settings settings, SetUp s, String phase) throws Exception {
        s.queues.duplicates.set(0);
        CostWindow cost = s.cost();
        String before = BenchFiles.loadAverage();
        PhaseResult result = phase.startsWith("intake")
                ? IntakeLoad.run(s.baseUrls(), s.queues, s.police, CONNECTIONS, settings.warmup, settings.seconds, cost)
                : OpenLoopLoad.run(s.baseUrls(), s.queues, RATE, settings.warmup, settings.seconds, cost);
        return new Measured(result, cost.alongsideMsPer(BROKERS, result.completed()),
                cost.alongsideMsPer(LEDGER, result.completed()), before, BenchFiles.loadAverage());
    }

    /** Median (min–max) of the repeats, one column a set-up. */
    private static void print(List<SetUp> setUps) {
        System.out.printf("%n%-44s", "median (min-max) of the repeats");
        setUps.forEach(s -> System.out.printf(" %-24s", s.name()));
        System.out.println();
        for (String phase : setUps.get(0).phases.keySet()) {
            for (Figure f : FIGURES) {
                System.out.printf("%-44s", phase + ": " + f.label + " (" + f.unit + ")");
                for (SetUp s : setUps) {
                    double[] m = Report.minMedianMax(s.phases.get(phase).stream().map(x -> f.value.applyAsDouble(x))
                            .toList());
                    System.out.printf(" %-24s", String.format(f.format + " (" + f.format + "-" + f.format + ")", m[1],
                            m[0], m[2]));
                }
                System.out.println();
            }
        }
        long missing = 0;
        long twice = 0;
        for (SetUp s : setUps) {
            for (List<Measured> list : s.phases.values()) {
                missing += list.stream().mapToLong(m -> m.result.missing()).sum();
                twice += list.stream().mapToLong(m -> m.result.duplicates()).sum();
            }
        }
        System.out.printf("accepted but not delivered: %d; delivered twice: %d%n", missing, twice);
    }

    private static List<Map<String, Object>> asJson(List<SetUp> setUps) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (SetUp s : setUps) {
            Map<String, Object> setUp = new LinkedHashMap<>();
            setUp.put("instances", s.instances);
            setUp.put("warmupSeconds", s.warmupSeconds);
            Map<String, Object> phases = new LinkedHashMap<>();
            s.phases.forEach((phase, repeats) -> {
                Map<String, Object> figures = new LinkedHashMap<>();
                for (Figure f : FIGURES) {
                    List<Double> values = repeats.stream().map(x -> f.value.applyAsDouble(x)).toList();
                    double[] m = Report.minMedianMax(values);
                    figures.put(f.key, Map.of("unit", f.unit, "min", m[0], "median", m[1], "max", m[2],
                            "repeats", values));
                }
                figures.put("loadAverages", repeats.stream().map(m -> m.loadBefore + " -> " + m.loadAfter).toList());
                figures.put("results", repeats.stream().map(Measured::result).toList());
                phases.put(phase, figures);
            });
            setUp.put("phases", phases);
            list.add(setUp);
        }
        return list;
    }

    static final class Settings {
        Path project = Path.of(".").toAbsolutePath().normalize();
        Path out = Path.of("bench/target/scale-out.json").toAbsolutePath();
        String dbUrl = "jdbc:postgresql://127.0.0.1:5432/scale_out";
        String dbUser = "fengqiao";
        String dbPassword = "fengqiao";
        List<Integer> instances = List.of(1, 2);
        int brokerPort = 61780;
        int repeats = 3;
        Duration warmup = Duration.ofSeconds(5);
        Duration seconds = Duration.ofSeconds(20);
        Duration jitWarmup = Duration.ofSeconds(60);
        List<String> gatewayJvm = new ArrayList<>(List.of("@config/jvm.options"));
        Map<String, String> gatewayEnv = new LinkedHashMap<>();

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--db-url" -> s.dbUrl = args[++i];
                    case "--db-user" -> s.dbUser = args[++i];
                    case "--db-password" -> s.dbPassword = args[++i];
                    case "--instances" -> s.instances = java.util.Arrays.stream(args[++i].split(","))
                            .map(Integer::valueOf).toList();
                    case "--broker-port" -> s.brokerPort = Integer.parseInt(args[++i]);
                    case "--repeats" -> s.repeats = Integer.parseInt(args[++i]);
                    case "--seconds" -> s.seconds = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--warmup" -> s.warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--jit-warmup" -> s.jitWarmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--out" -> s.out = Path.of(args[++i]).toAbsolutePath();
                    case "--gateway-jvm-append" -> s.gatewayJvm.addAll(List.of(args[++i].trim().split("\\s+")));
                    case "--gateway-env" -> {
                        String[] pair = args[++i].split("=", 2);
                        s.gatewayEnv.put(pair[0], pair[1]);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return s;
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("dbUrl", dbUrl);
            map.put("instances", instances);
            map.put("repeats", repeats);
            map.put("warmupSeconds", warmup.toSeconds());
            map.put("windowSeconds", seconds.toSeconds());
            map.put("jitWarmupSeconds", jitWarmup.toSeconds());
            map.put("connections", CONNECTIONS);
            map.put("openLoopRate", RATE);
            map.put("gatewayJvmOptions", String.join(" ", gatewayJvm));
            map.put("gatewayEnvironment", gatewayEnv);
            map.put("finishedAt", OffsetDateTime.now().toString());
            return map;
        }
    }
}
