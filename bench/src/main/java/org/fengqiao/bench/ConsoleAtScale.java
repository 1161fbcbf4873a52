package org.fengqiao.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.HdrHistogram.Histogram;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;

/**
 * The staff console at county scale: a ledger of a million disputes on PostgreSQL, and how long the
 * console's pages take on it. Starts the packaged gateway on the database (its migrations make the
 * schema), posts genuine cases through it, multiplies them in SQL ({@link ScaleLedger}; skipped when
 * the ledger already holds them), then signs in as a township, a county body, the county centre and
 * the city centre and reads their pages one at a time, round after round, every page once a round,
 * so that a noisy spell on the machine falls on all of them alike. Prints p50 / p95 / max per page
 * and writes them with the settings, the machine and its load average to JSON.
 */
public final class ConsoleAtScale {

    static final String COUNTY = Payloads.COUNTY;
    static final String TOWNSHIP = "330681104";
    static final String COUNTY_BODY = COUNTY + "-LABOR-ARBITRATION";
    static final String CENTRE = COUNTY + "-CENTRE";
    static final String CITY_CENTRE = "3306-CENTRE";
    static final double TARGET_MS = 200;
    /** The statistics of a county over a year answer within this (p95). */
    static final double STATISTICS_TARGET_MS = 500;
    private static final Pattern DISPUTE_ID = Pattern.compile("\"disputeId\"\\s*:\\s*\"(FQ[0-9]+)\"");
    private static final Pattern TOTAL = Pattern.compile("<p id=\"total\">([^<]*)</p>");
    private static final Pattern DASHBOARD_RECEIVED = Pattern.compile("id=\"fig-received\">([^<]*)<");
    private static final Pattern RECEIVED = Pattern.compile("\"received\"\\s*:\\s*([0-9]+)");
    private static final Pattern DISPUTES = Pattern.compile("\"disputes\"\\s*:\\s*([0-9]+)");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    /** One page (or REST call, for a path under /api/) as a person asks for it, and its p95 target. */
    record Query(String name, String user, String path, String expect, double targetMs) {

        Query(String name, String user, String path, String expect) {
            this(name, user, path, expect, TARGET_MS);
        }

        boolean api() {
            return path.startsWith("/api/");
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Files.createDirectories(settings.out.getParent());
        Path log = settings.out.resolveSibling("console-scale-gateway.log");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings.asMap());
        json.put("machine", Report.machine());
        json.put("loadAverageAtStart", BenchFiles.loadAverage());

        ScaleLedger ledger = new ScaleLedger(settings.dbUrl, settings.dbUser, settings.dbPassword);
        Map<String, String> env = new LinkedHashMap<>(settings.gatewayEnv);
        env.put("GATEWAY_DB_URL", settings.dbUrl);
        env.put("GATEWAY_DB_USER", settings.dbUser);
        env.put("GATEWAY_DB_PASSWORD", settings.dbPassword);
        // No police platform here: its poller would only fail and back off.
        env.put("GATEWAY_SOURCES_POLICE_ENABLED", "false");
        try (GatewayProcess gateway = GatewayProcess.start(settings.project, log, settings.gatewayJvm, env,
                Duration.ofMinutes(15))) {
            System.out.printf("gateway ready in %.1f s (migrations included)%n", gateway.readySeconds);
            long genuine = ledger.genuine();
            if (genuine < settings.seeds) {
                System.out.printf("posting %d genuine cases%n", settings.seeds - genuine);
                postSeeds(gateway.baseUrl(), settings.seeds - genuine);
            }
            List<String> townships = Gazetteer.loadDefault().townshipsOf(COUNTY).stream().map(Division::code).toList();
            long started = System.nanoTime();
            long written = ledger.generate(settings.disputes, COUNTY, townships);
            long facts = ledger.generateFacts();
            if (facts > 0) {
                System.out.printf("statistics facts made for %,d generated disputes%n", facts);
            }
            double summary = ledger.awaitSummary(Duration.ofMinutes(30));
            json.put("summaryAwaitedSeconds", summary);
            json.put("summaryCells", ledger.summaryCells());
            System.out.printf("monthly summary: %,d cells (waited %.0f s for the gateway to make it)%n",
                    ledger.summaryCells(), summary);
            if (written > 0 || facts > 0) {
                ledger.vacuum();
                json.put("generatedSeconds", (System.nanoTime() - started) / 1e9);
                System.out.printf("generated %,d disputes in %.0f s%n", written, (System.nanoTime() - started) / 1e9);
            }
            Known known = postKnown(gateway.baseUrl());
            json.put("ledgerDisputes", ledger.disputes());
            json.put("genuineDisputes", ledger.genuine());

            Map<String, ConsoleSession> sessions = new LinkedHashMap<>();
            for (String user : List.of(TOWNSHIP, COUNTY_BODY, CENTRE, CITY_CENTRE)) {
                sessions.put(user, ConsoleSession.signIn(gateway.baseUrl(), user));
            }
            List<Query> queries = queries(known);
            Map<String, Histogram> times = new LinkedHashMap<>();
            Map<String, Long> spent = new LinkedHashMap<>();
            Map<String, String> shown = new LinkedHashMap<>();
            for (Query q : queries) {
                times.put(q.name(), Latencies.histogram());
                spent.put(q.name(), 0L);
            }
            System.out.printf("%d pages, %d rounds of warm-up, then up to %d samples each%n", queries.size(),
                    settings.warmupRounds, settings.samples);
            for (int round = 0; round < settings.warmupRounds + settings.samples; round++) {
                boolean counted = round >= settings.warmupRounds;
                for (Query q : queries) {
                    if (counted && spent.get(q.name()) > settings.budget.toNanos()) {
                        continue; // too slow to take every sample within the budget: fewer samples, said so
                    }
                    ConsoleSession session = sessions.get(q.user());
                    ConsoleSession.Page page = q.api() ? session.api(q.path())
                            : session.get(q.path().replace("{since}", Long.toString(System.currentTimeMillis())));
                    if (page.status() != 200 || !shaped(q, page.body())) {
                        throw new IllegalStateException(q.name() + ": " + page.status() + " " + q.path());
                    }
                    if (q.expect() != null && !page.body().contains(q.expect())) {
                        throw new IllegalStateException(q.name() + ": the page does not show " + q.expect());
                    }
                    if (counted) {
                        Latencies.record(times.get(q.name()), 0, page.nanos());
                        spent.merge(q.name(), page.nanos(), Long::sum);
                        shown.put(q.name(), shows(page.body()));
                    }
                }
            }
            json.put("loadAverageAtEnd", BenchFiles.loadAverage());
            json.put("pages", report(queries, times, shown));
        }
        Files.writeString(settings.out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json));
        System.out.println("written to " + settings.out);
    }

    /** The pages timed: each filter of the township's 待办 and of the centre's list, and each search. */
    static List<Query> queries(Known known) {
        LocalDate today = LocalDate.now(BEIJING);
        String rows = "/console/inbox/items?since={since}&status=";
        List<Query> q = new ArrayList<>();
        q.add(new Query("待办 page", TOWNSHIP, "/console/", null));
        q.add(new Query("待办 rows (polling)", TOWNSHIP, rows + "ALL", null));
        q.add(new Query("待办 rows 待签收", TOWNSHIP, rows + "TO_SIGN", null));
        q.add(new Query("待办 rows 办理中", TOWNSHIP, rows + "IN_PROGRESS", null));
        q.add(new Query("待办 rows 退回重办", TOWNSHIP, rows + "REOPENED", null));
        q.add(new Query("待办 rows 协办", TOWNSHIP, rows + "CO_HELD", null));
        q.add(new Query("待办 rows 类别", TOWNSHIP, rows + "ALL&category=NEIGHBOR", null));
        q.add(new Query("待办 rows 来源", TOWNSHIP, rows + "ALL&source=HOTLINE_12345", null));
        q.add(new Query("待办 rows 仅看超期", TOWNSHIP, rows + "ALL&overdue=1", null));
        q.add(new Query("待办 rows 接收日期", TOWNSHIP, rows + "ALL&from=" + today.minusDays(7) + "&to=" + today, null));
        q.add(new Query("待办 page, county body", COUNTY_BODY, "/console/", null));
        String centre = "/console/centre";
        q.add(new Query("总览", CENTRE, centre, null));
        q.add(new Query("总览 page 2", CENTRE, centre + "?page=1", null));
        q.add(new Query("总览 page 11", CENTRE, centre + "?page=10", null));
        q.add(new Query("总览 page 200", CENTRE, centre + "?page=199", null));
        q.add(new Query("总览 镇街", CENTRE, centre + "?township=" + TOWNSHIP, null));
        q.add(new Query("总览 类别 邻里", CENTRE, centre + "?category=NEIGHBOR", null));
        q.add(new Query("总览 类别 医疗", CENTRE, centre + "?category=MEDICAL", null));
        q.add(new Query("总览 来源", CENTRE, centre + "?source=COURT_MEDIATION", null));
        q.add(new Query("总览 状态 已结案", CENTRE, centre + "?status=CLOSED", null));
        q.add(new Query("总览 状态 办理中", CENTRE, centre + "?status=IN_PROGRESS", null));
        q.add(new Query("总览 状态 退回重办", CENTRE, centre + "?status=REOPENED", null));
        q.add(new Query("总览 仅超期", CENTRE, centre + "?overdue=1", null));
        LocalDate yearAgo = today.minusYears(1);
        q.add(new Query("总览 接收日期 (a month)", CENTRE, centre + "?from=" + yearAgo + "&to=" + yearAgo.plusDays(30), null));
        q.add(new Query("总览 镇街 + 状态", CENTRE, centre + "?township=" + TOWNSHIP + "&status=IN_PROGRESS", null));
        q.add(new Query("总览 镇街 + 类别 + 仅超期", CENTRE, centre + "?township=" + TOWNSHIP + "&category=NEIGHBOR&overdue=1",
                null));
        q.add(new Query("search 身份证号", CENTRE, centre + "?idNumber=" + known.idNumber(), known.disputeId()));
        q.add(new Query("search 来源编号", CENTRE, centre + "?recordId=" + known.recordId(), known.disputeId()));
        q.add(new Query("search 纠纷编号", CENTRE, centre + "?disputeId=" + known.disputeId(), known.disputeId()));
        q.add(new Query("总览, city centre", CITY_CENTRE, centre, null));
        // The statistics of the last year, from the facts (statistics_fact): the county's, by township and
        // by month, and the city's over its counties; the three declines of last month.
        String year = "&from=" + today.minusYears(1).plusDays(1) + "&to=" + today;
        String statistics = "/api/v1/statistics?area=";
        q.add(new Query("统计 县 一年", CENTRE, statistics + COUNTY + year, null, STATISTICS_TARGET_MS));
        q.add(new Query("统计 县 一年 按镇街", CENTRE, statistics + COUNTY + year + "&by=township", null,
                STATISTICS_TARGET_MS));
        q.add(new Query("统计 县 一年 按月", CENTRE, statistics + COUNTY + year + "&by=month", null,
                STATISTICS_TARGET_MS));
        q.add(new Query("统计 县 一年 按处置单位", CENTRE, statistics + COUNTY + year + "&by=handler", null,
                STATISTICS_TARGET_MS));
        q.add(new Query("统计 市 一年", CITY_CENTRE, statistics + "3306" + year, null, STATISTICS_TARGET_MS));
        q.add(new Query("统计 三下降", CENTRE, "/api/v1/statistics/declines?area=" + COUNTY + "&month="
                + java.time.YearMonth.from(today).minusMonths(1), null, STATISTICS_TARGET_MS));
        // The dashboard: four breakdowns and the declines in one page, the county's year and the city's
        // (its default range, the year so far, for the city centre).
        q.add(new Query("统计看板 县 一年", CENTRE, "/console/centre/dashboard?" + year.substring(1), null,
                STATISTICS_TARGET_MS));
        q.add(new Query("统计看板, city centre", CITY_CENTRE, "/console/centre/dashboard", null, STATISTICS_TARGET_MS));
        return q;
    }

    private static List<Map<String, Object>> report(List<Query> queries, Map<String, Histogram> times,
            Map<String, String> shown) {
        List<Map<String, Object>> pages = new ArrayList<>();
        System.out.printf("%n%-28s %7s %8s %8s %8s  %-5s %s%n", "page", "samples", "p50 ms", "p95 ms", "max ms",
                "met", "shows");
        for (Query q : queries) {
            Histogram h = times.get(q.name());
            double p95 = Latencies.ms(h, 95);
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("page", q.name());
            page.put("user", q.user());
            page.put("path", q.path().replace("since={since}&", ""));
            page.put("samples", h.getTotalCount());
            page.put("p50Ms", Latencies.ms(h, 50));
            page.put("p95Ms", p95);
            page.put("maxMs", h.getMaxValue() / 1000.0);
            page.put("meanMs", h.getMean() / 1000.0);
            page.put("targetMs", q.targetMs());
            page.put("met", p95 <= q.targetMs());
            page.put("shows", shown.get(q.name()));
            pages.add(page);
            System.out.printf("%-28s %7d %8.1f %8.1f %8.1f  %-5s %s%n", q.name(), h.getTotalCount(),
                    Latencies.ms(h, 50), p95, h.getMaxValue() / 1000.0, p95 <= q.targetMs() ? "yes" : "NO",
                    shown.get(q.name()));
        }
        return pages;
    }

    /** A page as its kind is made: a list's rows, the dashboard's figures, a statistics answer. */
    private static boolean shaped(Query q, String body) {
        return q.api() ? body.contains("\"received\"") || body.contains("\"current\"")
                : body.contains("id=\"rows\"") || body.contains("id=\"fig-received\"");
    }

    /** What a page showed: the centre's count line, how many rows a 待办 listed, or the disputes counted. */
    private static String shows(String body) {
        Matcher received = RECEIVED.matcher(body);
        if (body.startsWith("{") && received.find()) {
            return received.group(1) + " received";
        }
        Matcher disputes = DISPUTES.matcher(body);
        if (body.startsWith("{") && disputes.find()) {
            return disputes.group(1) + " disputes";
        }
        Matcher figure = DASHBOARD_RECEIVED.matcher(body);
        if (figure.find()) {
            return figure.group(1) + " received";
        }
        Matcher total = TOTAL.matcher(body);
        if (total.find()) {
            return total.group(1).replaceAll("。.*", "");
        }
        int rows = 0;
        for (int i = body.indexOf("class=\"item\""); i >= 0; i = body.indexOf("class=\"item\"", i + 1)) {
            rows++;
        }
        return rows + " rows";
    }

    /** The genuine cases the ledger is made from, posted as their sources post them. */
    private static void postSeeds(String baseUrl, long count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (long i = 0; i < count; i++) {
            Payloads.Case next = Payloads.nextPushed();
            HttpResponse<String> answer = post(http, baseUrl, next);
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("a genuine case was refused: " + answer.statusCode() + " " + answer.body());
            }
        }
    }

    /** A case whose party, record number and dispute id the searches look for. */
    record Known(String idNumber, String recordId, String disputeId) {
    }

    /** Posts one hotline work order now (each run its own), to be found by the searches. */
    private static Known postKnown(String baseUrl) throws Exception {
        byte[] body = Payloads.hotline(System.nanoTime() % 1_000_000);
        JsonNode order = new ObjectMapper().readTree(body);
        Payloads.Case known = new Payloads.Case(Payloads.PushedSource.HOTLINE, body);
        HttpResponse<String> answer = post(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                baseUrl, known);
        Matcher id = DISPUTE_ID.matcher(answer.body());
        if (answer.statusCode() / 100 != 2 || !id.find()) {
            throw new IllegalStateException("the searched case was refused: " + answer.statusCode() + " " + answer.body());
        }
        return new Known(order.path("sqr").path("sfzh").asText(), order.path("gdbh").asText(), id.group(1));
    }

    private static HttpResponse<String> post(HttpClient http, String baseUrl, Payloads.Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + c.source().path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.signedHeaders().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static final class Settings {
        Path project = Path.of(".").toAbsolutePath().normalize();
        Path out = Path.of("bench/target/console-scale.json").toAbsolutePath();
        String dbUrl = "jdbc:postgresql://127.0.0.1:5432/console_scale";
        String dbUser = "fengqiao";
        String dbPassword = "fengqiao";
        long disputes = 1_000_000;
        long seeds = 300;
        int samples = 200;
        int warmupRounds = 10;
        /** At most this much measured time per page; a page slower than budget / samples gets fewer samples. */
        Duration budget = Duration.ofSeconds(90);
        List<String> gatewayJvm = new ArrayList<>(List.of("@config/jvm.options"));
        Map<String, String> gatewayEnv = new LinkedHashMap<>();

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--db-url" -> s.dbUrl = args[++i];
                    case "--db-user" -> s.dbUser = args[++i];
                    case "--db-password" -> s.dbPassword = args[++i];
                    case "--disputes" -> s.disputes = Long.parseLong(args[++i]);
                    case "--seeds" -> s.seeds = Long.parseLong(args[++i]);
                    case "--samples" -> s.samples = Integer.parseInt(args[++i]);
                    case "--warmup-rounds" -> s.warmupRounds = Integer.parseInt(args[++i]);
                    case "--budget" -> s.budget = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--out" -> s.out = Path.of(args[++i]).toAbsolutePath();
                    case "--project" -> s.project = Path.of(args[++i]).toAbsolutePath().normalize();
                    case "--gateway-jvm" -> s.gatewayJvm = new ArrayList<>(List.of(args[++i].trim().split("\\s+")));
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
            map.put("disputes", disputes);
            map.put("seeds", seeds);
            map.put("samples", samples);
            map.put("warmupRounds", warmupRounds);
            map.put("budgetSecondsPerPage", budget.toSeconds());
            map.put("gatewayJvmOptions", String.join(" ", gatewayJvm));
            map.put("gatewayEnvironment", gatewayEnv);
            map.put("finishedAt", OffsetDateTime.now().toString());
            return map;
        }
    }
}
