package org.fengqiao.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.StandaloneArtemis;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one PostgreSQL ledger and an Artemis primary/backup pair (replication, the
 * project's docker/artemis configuration), under sustained intake through both, handler events
 * and the police poller: one gateway is killed (SIGKILL), then the broker primary, so the backup
 * takes over; then both come back (the primary takes over again). Clients retry what got no answer
 * on the other gateway (the same work order again: a safe repeat). At the end every acknowledged
 * dispute is in the ledger and on its handler's queue exactly once, every event applied once,
 * every feedback call made once, and every police record became one dispute with its receipt.
 */
class FailoverIT {

    static final int PRIMARY_PORT = 61690;
    static final int BACKUP_PORT = 61691;
    static final String INTAKE = "/api/v1/sources/hotline/work-orders";
    static final Pattern DISPUTE_ID = Pattern.compile("\"disputeId\"\\s*:\\s*\"(FQ[0-9]+)\"");
    /** The police platform's pages after the first, published one by one during the run. */
    static final String FIRST_CURSOR = "20261129-0023";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> acknowledgedAt = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> toSign = new ConcurrentLinkedQueue<>();
    private final Set<String> signed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void twoGatewaysAndABrokerPairLoseNothingWhenAGatewayAndThenThePrimaryDie() throws Exception {
        String url = System.getenv("GATEWAY_TEST_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "GATEWAY_TEST_DB_URL not set: the two-instance run needs PostgreSQL (.ci/run sets it)");
        String user = System.getenv().getOrDefault("GATEWAY_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("GATEWAY_TEST_DB_PASSWORD", "");
        String schema = "failover_" + System.nanoTime();
        try (var c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        Ledger ledger = new Ledger(url, user, password, schema);
        Path base = Path.of("target", "it-data", schema);

        WireMockSimulators simulators = new WireMockSimulators();
        String simulatorsUrl = simulators.start().get("gateway.sources.hotline.base-url");
        WireMockServer platform = WireMockSimulators.server();
        StandaloneArtemis primary = StandaloneArtemis.primary(base.resolve("primary"), PRIMARY_PORT, BACKUP_PORT);
        StandaloneArtemis backup = StandaloneArtemis.backup(base.resolve("backup"), BACKUP_PORT, PRIMARY_PORT);
        String brokerUrl = StandaloneArtemis.pairUrl(primary, backup);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try (primary; backup) {
            primary.create().start();
            backup.create().start();

            Map<String, String> env = new HashMap<>();
            env.put("GATEWAY_DB_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            env.put("GATEWAY_DB_USER", user);
            env.put("GATEWAY_DB_PASSWORD", password);
            env.put("GATEWAY_BROKER_URL", brokerUrl);
            env.put("GATEWAY_BROKER_USER", "admin");
            env.put("GATEWAY_BROKER_PASSWORD", "admin");
            env.put("GATEWAY_SOURCES_HOTLINE_BASE_URL", simulatorsUrl);
            env.put("GATEWAY_SOURCES_POLICE_ENABLED", "true");
            env.put("GATEWAY_SOURCES_POLICE_BASE_URL", simulatorsUrl);
            env.put("GATEWAY_SOURCES_POLICE_POLL_INTERVAL", "1s");
            env.put("GATEWAY_SOURCES_POLICE_LEASE_TIME", "PT5S");
            // The relays take over what a dead instance or broker left unconfirmed within seconds.
            env.put("GATEWAY_DELIVERY_RELAY_INTERVAL", "2s");
            env.put("GATEWAY_DELIVERY_RELAY_GRACE", "PT5S");
            env.put("GATEWAY_FEEDBACK_RELAY_INTERVAL", "1s");
            env.put("GATEWAY_FEEDBACK_BACKOFF_BASE", "PT1S");
            GatewayProcess[] gateways = {
                    new GatewayProcess("failover-a", base.resolve("a"), withPorts(env, 18190, 19190)).start(),
                    new GatewayProcess("failover-b", base.resolve("b"), withPorts(env, 18191, 19191)).start() };
            try {
                replayedNonceIsRefusedByTheOtherInstance(gateways);

                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int first = c % 2;
                    running.add(clients.submit(() -> intake(gateways, first)));
                }
                running.add(clients.submit(() -> sign(gateways)));
                PolicePages police = new PolicePages(platform);
                running.add(clients.submit(() -> police.publishEvery(Duration.ofSeconds(2), stop)));

                await().atMost(Duration.ofSeconds(90)).until(() -> accepted.size() >= 100);
                long gatewayDied = System.currentTimeMillis();
                gateways[0].kill();
                await().atMost(Duration.ofSeconds(60)).until(() -> lastAckAfter(gatewayDied + 15_000));

                long primaryDied = System.currentTimeMillis();
                primary.kill();
                backup.awaitActive(Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(90)).until(() -> lastAckAfter(primaryDied + 15_000));

                // Both back: the gateway, and the primary, which takes the journal back from the backup.
                long bothBack = System.currentTimeMillis();
                gateways[0].start();
                primary.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> lastAckAfter(System.currentTimeMillis() - 1000)
                        && acknowledgedAt.stream().filter(t -> t > bothBack).count() >= 50);
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(180, TimeUnit.SECONDS);
                }

                // Whatever was committed but not confirmed, and every feedback call, gets out.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> ledger.count("delivery_outbox where delivered_at is null") == 0
                                && ledger.count("feedback_outbox where delivered_at is null and dead_at is null") == 0);

                Map<String, Integer> delivered = consume(brokerUrl, ledger.handlers(), ledger.count("dispute"));
                Map<String, String> inLedger = ledger.hotlineDisputes();
                List<String> lost = accepted.entrySet().stream()
                        .filter(e -> !e.getValue().equals(inLedger.get(e.getKey()))
                                || !delivered.containsKey(e.getValue()))
                        .map(Map.Entry::getKey).toList();
                long duplicated = delivered.values().stream().filter(n -> n > 1).count();
                System.out.printf("Failover, two gateways and the broker pair: sent %d / acknowledged %d / delivered %d"
                        + " / duplicated %d / lost %d; answers %s; longest pause with no acknowledgement:"
                        + " %d ms when a gateway died, %d ms when the primary died%n", sent.get(), accepted.size(),
                        delivered.size(), duplicated, lost.size(), answers, longestPause(gatewayDied, primaryDied),
                        longestPause(primaryDied, bothBack));

                assertThat(lost).isEmpty();
                assertThat(accepted).hasSize(sent.get());
                assertThat(duplicated).isZero();
                // Nothing delivered that the ledger does not hold (all hotline and police disputes, once).
                assertThat(delivered.keySet()).isEqualTo(ledger.disputeIds());

                // Every event applied once, its feedback call made once (repeats carry the same key).
                assertThat(signed).isNotEmpty();
                Map<String, Integer> signings = ledger.signings();
                assertThat(signings.keySet()).containsExactlyInAnyOrderElementsOf(signed);
                assertThat(signings.values()).allMatch(n -> n == 1);
                Map<String, Set<String>> signCalls = callsByRecord(platform, "/open/workorder/sign", "gdbh");
                Set<String> signedRecords = new HashSet<>();
                accepted.forEach((gdbh, id) -> {
                    if (signed.contains(id)) {
                        signedRecords.add(gdbh);
                    }
                });
                assertThat(signCalls.keySet()).isEqualTo(signedRecords);
                assertThat(signCalls.values()).allMatch(keys -> keys.size() == 1);

                // The police poller: every published record one dispute, each with its receipt.
                Set<String> records = police.published();
                assertThat(records.size()).isGreaterThan(5);
                assertThat(ledger.policeRecords()).containsExactlyInAnyOrderElementsOf(records);
                Map<String, Set<String>> receipts = callsByRecord(platform, "/api/risk/disputes/.*/receipt", "jqbh");
                assertThat(receipts.keySet()).isEqualTo(records);
                assertThat(receipts.values()).allMatch(keys -> keys.size() == 1);
                System.out.printf("Failover: %d events applied once; %d police records, %d receipts%n",
                        signings.size(), records.size(), platform.findAll(postRequestedFor(
                                urlPathMatching("/api/risk/disputes/.*/receipt"))).size());
            } finally {
                stop.set(true);
                clients.shutdownNow();
                for (GatewayProcess g : gateways) {
                    g.stop();
                }
            }
        } finally {
            simulators.stop();
        }
    }

    /**
     * A signed request replayed (same nonce, same signature) to the other instance within the window
     * is refused there: the instances share the seen nonces through the ledger.
     */
    private void replayedNonceIsRefusedByTheOtherInstance(GatewayProcess[] gateways) throws Exception {
        String gdbh = WorkOrders.newGdbh();
        byte[] body = body(gdbh).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = SignedSources.headersFor(INTAKE, body);
        HttpResponse<String> first = post(gateways[0], INTAKE, body, headers);
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<String> replayed = post(gateways[1], INTAKE, body, headers);
        assertThat(replayed.statusCode()).isEqualTo(401);
        sent.incrementAndGet();
        acknowledged(gdbh, first.body());
    }

    /** A hotline that posts new work orders one after another and retries on the other gateway. */
    private Void intake(GatewayProcess[] gateways, int first) throws Exception {
        int target = first;
        while (!stop.get()) {
            String gdbh = WorkOrders.newGdbh();
            byte[] body = body(gdbh).getBytes(StandardCharsets.UTF_8);
            sent.incrementAndGet();
            long deadline = System.currentTimeMillis() + 180_000;
            while (System.currentTimeMillis() < deadline) {
                HttpResponse<String> r = tryPost(gateways[target], INTAKE, body);
                if (r != null && (r.statusCode() == 200 || r.statusCode() == 202)) {
                    acknowledged(gdbh, r.body());
                    break;
                }
                target = 1 - target; // no answer, or not taken: the load balancer tries the other one
                Thread.sleep(200);
            }
            target = 1 - target;
        }
        return null;
    }

    /** A township that signs its new items, over REST, on either gateway. */
    private Void sign(GatewayProcess[] gateways) throws Exception {
        int target = 0;
        while (!stop.get() || !toSign.isEmpty()) {
            String id = toSign.poll();
            if (id == null) {
                Thread.sleep(100);
                continue;
            }
            String path = "/api/v1/disputes/" + id + "/events";
            byte[] body = "{\"type\": \"SIGNED\", \"handlerId\": \"330681104\", \"actor\": \"店口镇矛调中心\"}"
                    .getBytes(StandardCharsets.UTF_8);
            long deadline = System.currentTimeMillis() + 180_000;
            while (System.currentTimeMillis() < deadline) {
                HttpResponse<String> r = tryPost(gateways[target], path, body);
                // 409: signed already, by an attempt whose answer was lost; not applied twice.
                if (r != null && (r.statusCode() == 200 || r.statusCode() == 409)) {
                    signed.add(id);
                    break;
                }
                target = 1 - target;
                Thread.sleep(200);
            }
        }
        return null;
    }

    private void acknowledged(String gdbh, String answer) {
        Matcher m = DISPUTE_ID.matcher(answer);
        assertThat(m.find()).as(answer).isTrue();
        if (accepted.put(gdbh, m.group(1)) == null) {
            acknowledgedAt.add(System.currentTimeMillis());
            // Every other dispute is signed by its township during the run.
            if (accepted.size() % 2 == 0) {
                toSign.add(m.group(1));
            }
        }
    }

    private boolean lastAckAfter(long time) {
        return acknowledgedAt.stream().anyMatch(t -> t > time);
    }

    /** The longest time from {@code from} until {@code to} with no acknowledgement. */
    private long longestPause(long from, long to) {
        List<Long> times = new ArrayList<>(acknowledgedAt.stream().filter(t -> t > from && t < to).sorted().toList());
        long longest = 0;
        long previous = from;
        for (long t : times) {
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        return longest;
    }

    private HttpResponse<String> tryPost(GatewayProcess gateway, String path, byte[] body) {
        try {
            HttpResponse<String> r = post(gateway, path, body, SignedSources.headersFor(path, body));
            answers.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicInteger()).incrementAndGet();
            return r;
        } catch (Exception e) {
            answers.computeIfAbsent("no answer", k -> new AtomicInteger()).incrementAndGet();
            return null;
        }
    }

    private HttpResponse<String> post(GatewayProcess gateway, String path, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(45)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> withPorts(Map<String, String> env, int http, int management) {
        Map<String, String> ports = new HashMap<>(env);
        ports.put("QUARKUS_HTTP_PORT", String.valueOf(http));
        ports.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
        return ports;
    }

    private static String body(String gdbh) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random()));
        return WorkOrders.json(order);
    }

    /**
     * A township's system as docs/scale-out.md describes it: a JMS client on the pair's URL, which
     * follows the broker to whichever of the two is active. Reads every handler's queue dry.
     */
    private static Map<String, Integer> consume(String pairUrl, Collection<String> handlers, long expected)
            throws Exception {
        Map<String, Integer> delivered = new HashMap<>();
        try (var cf = new ActiveMQConnectionFactory(pairUrl);
                Connection connection = cf.createConnection("admin", "admin")) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String handler : handlers) {
                try (MessageConsumer consumer = session.createConsumer(session.createQueue("dispute.handler." + handler))) {
                    long until = System.currentTimeMillis() + 60_000;
                    while (System.currentTimeMillis() < until) {
                        Message m = consumer.receive(2000);
                        if (m == null) {
                            break;
                        }
                        delivered.merge(m.getStringProperty("disputeId"), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(delivered.values().stream().mapToLong(Integer::longValue).sum()).isGreaterThanOrEqualTo(expected);
        return delivered;
    }

    /** The source record (a JSON field of the body) of each call to a path, with the idempotency keys it came with. */
    private static Map<String, Set<String>> callsByRecord(WireMockServer platform, String pathRegex, String field) {
        Pattern value = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"");
        Map<String, Set<String>> calls = new HashMap<>();
        for (LoggedRequest r : platform.findAll(postRequestedFor(urlPathMatching(pathRegex)))) {
            Matcher m = value.matcher(r.getBodyAsString());
            if (m.find()) {
                calls.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(r.getHeader("Idempotency-Key"));
            }
        }
        return calls;
    }

    /**
     * The police platform's records after its first page, one page with one new record every few
     * seconds: until a page is published, a read from its cursor finds nothing new (the simulator's
     * own stub), so the poller reads the run's records as they arrive, on whichever gateway holds the lease.
     */
    static final class PolicePages {

        private final WireMockServer platform;
        private final Set<String> published = ConcurrentHashMap.newKeySet();

        PolicePages(WireMockServer platform) {
            this.platform = platform;
            // The first page of the simulator.
            published.add("J3306812026112900017");
            published.add("J3306812026112900023");
        }

        Void publishEvery(Duration interval, AtomicBoolean stop) throws InterruptedException {
            String cursor = FIRST_CURSOR;
            for (int n = 1; !stop.get(); n++) {
                String record = String.format("J33068120261206%05d", n);
                String next = "failover-" + n;
                platform.stubFor(get(urlPathEqualTo("/api/risk/disputes")).atPriority(1)
                        .withQueryParam("since", equalTo(cursor))
                        .willReturn(aResponse().withStatus(200)
                                .withHeader("Content-Type", "application/json;charset=UTF-8")
                                .withBody("{\"items\": [{\"jqbh\": \"" + record + "\","
                                        + " \"jjsj\": \"2026-12-06T08:40:00+08:00\","
                                        + " \"pcs\": {\"dm\": \"330681450000\", \"mc\": \"诸暨市公安局店口派出所\"},"
                                        + " \"afdz\": \"诸暨市店口镇工业区某厂门口\", \"jqlb\": \"200200\","
                                        + " \"jyqk\": \"两户邻里因噪音发生争执。\", \"czqk\": \"现场劝解。\", \"fxdj\": \"黄\","
                                        + " \"sfqt\": false, \"dsr\": [{\"xm\": \"测试戊\", \"lxdh\": \"13700000003\","
                                        + " \"js\": \"报警人\"}]}], \"nextCursor\": \"" + next + "\"}")));
                published.add(record);
                cursor = next;
                Thread.sleep(interval.toMillis());
            }
            return null;
        }

        Set<String> published() {
            return published;
        }
    }

    /** The shared ledger, read as an auditor would. */
    record Ledger(String url, String user, String password, String schema) {

        long count(String fromWhere) throws Exception {
            try (var c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from " + schema + "." + fromWhere)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        Set<String> handlers() throws Exception {
            return Set.copyOf(column("select distinct handler_id from " + schema + ".dispute", 1).keySet());
        }

        Set<String> disputeIds() throws Exception {
            return Set.copyOf(column("select dispute_id from " + schema + ".dispute", 1).keySet());
        }

        /** Hotline work order number to dispute id. */
        Map<String, String> hotlineDisputes() throws Exception {
            return column("select source_record_id, dispute_id from " + schema
                    + ".dispute where source_system = 'HOTLINE_12345'", 2);
        }

        Set<String> policeRecords() throws Exception {
            return Set.copyOf(column("select source_record_id from " + schema
                    + ".dispute where source_system = 'POLICE_RISK'", 1).keySet());
        }

        /** How many times each dispute was signed (its history's SIGNED entries). */
        Map<String, Integer> signings() throws Exception {
            Map<String, Integer> signings = new HashMap<>();
            column("select dispute_id, count(*) from " + schema
                    + ".dispute_history where status = 'SIGNED' group by dispute_id", 2)
                    .forEach((id, n) -> signings.put(id, Integer.parseInt(n)));
            return signings;
        }

        private Map<String, String> column(String sql, int columns) throws Exception {
            Map<String, String> rows = new HashMap<>();
            try (var c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.put(rs.getString(1), columns == 1 ? "" : rs.getString(2));
                }
            }
            return rows;
        }
    }
}
