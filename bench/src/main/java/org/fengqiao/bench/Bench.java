package org.fengqiao.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fengqiao.bench.jurisdiction.JurisdictionBenchmark;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.jurisdiction.JurisdictionResolver;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole benchmark in one run (bench/run): start-to-ready, the raw broker against the gateway
 * at 16 and 64 connections, open-loop latency at fixed rates, resident memory after all that, and
 * the resolver under JMH. Phases alternate within each repeat so that a noisy spell on the machine
 * hits both sides of a ratio alike. Prints one table and writes the figures as JSON.
 */
public final class Bench {

    static final int[] CONNECTIONS = { 16, 64 };
    static final int[] RATES = { 200, 500, 1000 };
    static final String OPERATOR = "operator";
    static final String OPERATOR_PASSWORD = "dev-operator";
    static final Duration IDLE_BEFORE_RSS = Duration.ofSeconds(60);
    static final Duration POLICE_DRAIN_AT_MOST = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Files.createDirectories(settings.out.getParent());
        Path log = settings.out.resolveSibling("gateway.log");
        Files.deleteIfExists(log);
        Report report = new Report(settings);

        System.out.printf("Fengqiao Gateway benchmark: %d repeats, %d s windows after %d s warm-up%n",
                settings.repeats, settings.seconds.toSeconds(), settings.warmup.toSeconds());
        for (int i = 0; settings.runs("ready") && i < settings.repeats; i++) {
            try (GatewayProcess gateway = GatewayProcess.start(settings.project, log, settings.gatewayJvm,
                    settings.gatewayEnv)) {
                report.add("ready", gateway.readySeconds);
                System.out.printf("start to ready: %.2f s%n", gateway.readySeconds);
            }
        }

        try (PolicePlatform police = new PolicePlatform();
                GatewayProcess gateway = GatewayProcess.start(settings.project, log, settings.gatewayJvm,
                        settings.loadEnvironment(police.baseUrl()));
                HandlerQueues handlers = new HandlerQueues(gateway.brokerUrl(), OPERATOR, OPERATOR_PASSWORD,
                        handlerQueues())) {
            report.note("warmupSeconds", warmUp(settings.jitWarmup, List.of(gateway.baseUrl()), handlers, police,
                    gateway.pid()));
            String document = handlers.medianDocument();
            report.note("documentBytes", document.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

            for (int r = 1; r <= settings.repeats; r++) {
                for (int connections : CONNECTIONS) {
                    PhaseResult raw = null;
                    PhaseResult intake = null;
                    if (settings.runs("raw" + connections)) {
                        handlers.duplicates.set(0);
                        raw = RawBrokerLoad.run(gateway.brokerUrl(), OPERATOR, OPERATOR_PASSWORD, handlers,
                                handlerQueues(), document, connections, settings.warmup, settings.seconds,
                                new CostWindow(gateway.pid()));
                        report.phase("raw" + connections, raw);
                        System.out.printf("repeat %d, %d connections: raw broker %.0f msg/s (CPU per message: broker %.2f ms,"
                                + " bench %.2f ms, machine %.2f ms; broker wrote %.1f KB)%n", r, connections, raw.perSecond(),
                                raw.gatewayCpuMs(), raw.benchCpuMs(), raw.machineCpuMs(), raw.gatewayWrittenKb());
                    }
                    if (settings.runs("intake" + connections)) {
                        handlers.duplicates.set(0);
                        double[] groupsBefore = gateway.groupSizes();
                        intake = IntakeLoad.run(gateway.baseUrl(), handlers, police, connections, settings.warmup,
                                settings.seconds, new CostWindow(gateway.pid()));
                        double[] groupsAfter = gateway.groupSizes();
                        double groupSize = (groupsAfter[0] - groupsBefore[0]) / (groupsAfter[1] - groupsBefore[1]);
                        report.phase("intake" + connections, intake);
                        report.add("intake" + connections + ".groupSize", groupSize);
                        System.out.printf("repeat %d, %d connections: gateway %.0f cases/s (CPU per case: gateway %.2f ms,"
                                + " bench %.2f ms, machine %.2f ms; gateway wrote %.1f KB; %.1f new disputes per ledger commit;"
                                + " 2xx answer p50 %.1f ms)%n", r, connections, intake.perSecond(), intake.gatewayCpuMs(),
                                intake.benchCpuMs(), intake.machineCpuMs(), intake.gatewayWrittenKb(), groupSize,
                                intake.answerP50());
                    }
                    if (raw != null && intake != null) {
                        report.add("ratio" + connections, intake.perSecond() / raw.perSecond());
                        System.out.printf("repeat %d, %d connections: gateway / raw broker %.0f%%%n", r, connections,
                                100 * intake.perSecond() / raw.perSecond());
                    }
                }
                for (int rate : RATES) {
                    if (!settings.runs("open" + rate)) {
                        continue;
                    }
                    handlers.duplicates.set(0);
                    PhaseResult open = OpenLoopLoad.run(gateway.baseUrl(), handlers, rate, settings.warmup,
                            settings.seconds, new CostWindow(gateway.pid()));
                    report.phase("open" + rate, open);
                    System.out.printf("repeat %d, %d/s open loop: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms"
                            + " (2xx answer p50 %.1f ms, p99 %.1f ms); gateway wrote %.1f KB per case%n", r, rate,
                            open.p50(), open.p99(), open.p999(), open.answerP50(), open.answerP99(),
                            open.gatewayWrittenKb());
                }
            }
            // At the end of the load, the most it was, and once the gateway has nothing left to do: it has
            // receipted every police item released during the run (its poller works through them after the
            // last phase), and a minute has passed since. The collector gives back heap it no longer needs
            // once the load has gone (config/jvm.options).
            report.add("rssLoaded", gateway.residentMiB());
            report.add("rssPeak", gateway.peakResidentMiB());
            long policeDeadline = System.nanoTime() + POLICE_DRAIN_AT_MOST.toNanos();
            while (police.receipts.get() < police.released() && System.nanoTime() < policeDeadline) {
                Thread.sleep(1_000);
            }
            Thread.sleep(IDLE_BEFORE_RSS.toMillis());
            report.add("rss", gateway.residentMiB());
            double[] heap = gateway.heapCommittedAndUsedMiB();
            report.add("heapCommitted", heap[0]);
            report.add("heapUsed", heap[1]);
            report.note("disputesDelivered", handlers.arrivals.size());
        }

        if (!settings.skipJmh) {
            jmh(settings, report);
        }
        report.print(System.out);
        finish(settings, report);
    }

    /**
     * The JIT takes minutes of CPU on two cores before the gateway runs compiled code; measuring
     * earlier measures the compiler. Intake at 16 connections in windows until the gateway's CPU per
     * case settles (two windows in a row within 10 % of the one before: the machine is shared and
     * noisy), at least {@code jitWarmup}, at most four times that. Several instances are warmed up
     * together, the cases sent to them in turn. @return the seconds it took
     */
    static long warmUp(Duration jitWarmup, List<String> baseUrls, HandlerQueues handlers, PolicePlatform police,
            long... gatewayPids) throws Exception {
        Duration window = Duration.ofSeconds(15);
        long started = System.nanoTime();
        long least = jitWarmup.toNanos();
        long most = 4 * least;
        double previous = Double.NaN;
        int settled = 0;
        while (System.nanoTime() - started < most) {
            PhaseResult w = IntakeLoad.run(baseUrls, handlers, police, 16, Duration.ZERO, window,
                    new CostWindow(gatewayPids));
            double cpu = w.gatewayCpuMs();
            settled = Math.abs(cpu - previous) <= 0.10 * previous ? settled + 1 : 0;
            previous = cpu;
            System.out.printf("warm-up: %.0f cases/s, gateway CPU %.2f ms per case%n", w.perSecond(), cpu);
            if (settled >= 2 && System.nanoTime() - started >= least) {
                break;
            }
        }
        return Math.round((System.nanoTime() - started) / 1e9);
    }

    private static void jmh(Settings settings, Report report) throws Exception {
        System.out.println("JMH: jurisdiction resolution, one thread");
        var options = new OptionsBuilder().include(JurisdictionBenchmark.class.getName())
                .forks(Math.max(3, settings.repeats)).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2)).build();
        for (RunResult run : new Runner(options).run()) {
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                report.add("resolver", fork.getPrimaryResult().getScore());
            }
        }
    }

    private static void finish(Settings settings, Report report) throws Exception {
        Refusals.all().forEach((kind, first) -> System.out.printf("first %s answer: %s%n", kind, first));
        report.writeJson(settings.out);
        System.out.println("figures written to " + settings.out);
        System.exit(0);
    }

    /** The queues the bench's cases can reach: the townships of its addresses and the county's bodies. */
    static List<String> handlerQueues() {
        JurisdictionResolver resolver = RESOLVER;
        Set<String> handlers = new LinkedHashSet<>();
        for (String address : Payloads.ADDRESSES) {
            handlers.add(resolver.resolve(address, null, null).townshipCode());
        }
        for (String body : new String[] { "TRIAGE", "MEDIATION-MEDICAL", "MEDIATION-TRAFFIC", "LABOR-ARBITRATION" }) {
            handlers.add(Payloads.COUNTY + "-" + body);
        }
        List<String> queues = new ArrayList<>();
        for (String handler : handlers) {
            queues.add("dispute.handler." + handler);
        }
        return queues;
    }

    /** The gateway's environment under load: the options' own, with the bench's limits and its police platform. */
    static Map<String, String> loadEnvironment(Map<String, String> gatewayEnv, String policeUrl) {
        Map<String, String> env = new LinkedHashMap<>(gatewayEnv);
        // The bench measures capacity: no per-source rate limit (a county sets its own).
        env.put("GATEWAY_LIMITS_RATE_LIMIT", "0");
        // All the load comes from this one machine: no limit of connections per client address.
        env.put("GATEWAY_LIMITS_MAX_CONNECTIONS_PER_CLIENT", "0");
        env.put("GATEWAY_SOURCES_POLICE_BASE_URL", policeUrl);
        env.put("GATEWAY_SOURCES_POLICE_POLL_INTERVAL", "1s");
        return env;
    }

    private static final JurisdictionResolver RESOLVER = new JurisdictionResolver(Gazetteer.loadDefault());

    static final class Settings {
        Path project = Path.of(".").toAbsolutePath().normalize();
        Path out = Path.of("bench/target/results.json").toAbsolutePath();
        int repeats = 3;
        Duration warmup = Duration.ofSeconds(5);
        Duration seconds = Duration.ofSeconds(20);
        Duration jitWarmup = Duration.ofSeconds(60);
        // As the README runs it: ahead-of-time cache, heap bound and collector from config/jvm.options.
        List<String> gatewayJvm = new ArrayList<>(List.of("@config/jvm.options"));
        Map<String, String> gatewayEnv = new LinkedHashMap<>();
        String command = "bench/run";
        boolean skipJmh;
        // Every phase by default; --phases picks some, e.g. to profile one of them alone.
        Set<String> phases = new LinkedHashSet<>(List.of("ready", "raw16", "intake16", "raw64", "intake64",
                "open200", "open500", "open1000"));

        boolean runs(String phase) {
            return phases.contains(phase);
        }

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--repeats" -> s.repeats = Integer.parseInt(args[++i]);
                    case "--seconds" -> s.seconds = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--warmup" -> s.warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--jit-warmup" -> s.jitWarmup = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--out" -> s.out = Path.of(args[++i]).toAbsolutePath();
                    case "--project" -> s.project = Path.of(args[++i]).toAbsolutePath().normalize();
                    case "--gateway-jvm" -> s.gatewayJvm = new ArrayList<>(List.of(args[++i].trim().split("\\s+")));
                    case "--gateway-jvm-append" -> s.gatewayJvm.addAll(List.of(args[++i].trim().split("\\s+")));
                    case "--command" -> s.command = args[++i];
                    case "--skip-jmh" -> s.skipJmh = true;
                    case "--phases" -> {
                        Set<String> chosen = new LinkedHashSet<>(List.of(args[++i].split(",")));
                        if (!s.phases.containsAll(chosen)) {
                            throw new IllegalArgumentException("--phases takes some of " + s.phases);
                        }
                        s.phases = chosen;
                    }
                    case "--gateway-env" -> {
                        String[] pair = args[++i].split("=", 2);
                        s.gatewayEnv.put(pair[0], pair[1]);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            s.gatewayJvm = s.gatewayJvm.stream().filter(o -> !o.isBlank()).toList();
            return s;
        }

        Map<String, String> loadEnvironment(String policeUrl) {
            return Bench.loadEnvironment(gatewayEnv, policeUrl);
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("command", command);
            map.put("repeats", repeats);
            map.put("warmupSeconds", warmup.toSeconds());
            map.put("windowSeconds", seconds.toSeconds());
            map.put("jitWarmupSeconds", jitWarmup.toSeconds());
            map.put("phases", phases);
            map.put("gatewayJvmOptions", String.join(" ", gatewayJvm));
            map.put("gatewayEnvironment", gatewayEnv);
            map.put("finishedAt", OffsetDateTime.now().toString());
            return map;
        }
    }
}
