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
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.SharedLedger;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.StandaloneArtemis;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
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

    static final String TOWNSHIP = "330681104";
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
    private final Set<String> signedOverJms = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void twoGatewaysAndABrokerPairLoseNothingWhenAGatewayAndThenThePrimaryDie() throws Exception {
        SharedLedger ledger = SharedLedger.create("failover");
        Path base = ledger.dataDir();

        WireMockSimulators simulators = new WireMockSimulators();
        String simulatorsUrl = simulators.start().get("gateway.sources.hotline.base-url");
        WireMockServer platform = WireMockSimulators.server();
        StandaloneArtemis primary = StandaloneArtemis.primary(base.resolve("primary"), PRIMARY_PORT, BACKUP_PORT);
        StandaloneArtemis backup = StandaloneArtemis.backup(base.resolve("backup"), BACKUP_PORT, PRIMARY_PORT);
        String brokerUrl = StandaloneArtemis.pairUrl(primary, backup);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try (primary; backup) {
            primary.create().withUser(TOWNSHIP, "dev-" + TOWNSHIP).start();
            backup.create().withUser(TOWNSHIP, "dev-" + TOWNSHIP).start();

            Map<String, String> env = ledger.gatewayEnv();
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
                    new GatewayProcess("failover-a", base.resolve("a"), withPorts(env, 18190, 19190)),
                    new GatewayProcess("failover-b", base.resolve("b"), withPorts(env, 18191, 19191)) };
            try {
                for (GatewayProcess gateway : gateways) {
                    gateway.start();
                }
                replayedNonceIsRefusedByTheOtherInstance(gateways);

                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int first = c % 2;
                    running.add(clients.submit(() -> intake(gateways, first)));
                }
                running.add(clients.submit(() -> sign(gateways, brokerUrl)));
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

                // The township's JMS signings are taken by whichever gateway consumes first.
                assertThat(signedOverJms).isNotEmpty();
                await().atMost(Duration.ofSeconds(60)).until(() -> signings(ledger).keySet().containsAll(signedOverJms));
                signed.addAll(signedOverJms);
                // Whatever was committed but not confirmed, and every feedback call, gets out.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> ledger.count("delivery_outbox where delivered_at is null") == 0
                                && ledger.count("feedback_outbox where delivered_at is null and dead_at is null") == 0);

                // The police platform's last page is read, its record taken and receipted; a record still
                // without its receipt after that is counted as skipped below.
                Set<String> records = police.published();
                long receiptsDue = System.currentTimeMillis() + 60_000;
                while (!receiptsByRecord(platform).keySet().containsAll(records)
                        && System.currentTimeMillis() < receiptsDue) {
                    Thread.sleep(500);
                }

                Map<String, Integer> delivered = consume(brokerUrl, ledger.values("select distinct handler_id from dispute"),
                        ledger.count("dispute"));
                Map<String, String> inLedger = ledger.pairs("select source_record_id, dispute_id from dispute"
                        + " where source_system = 'HOTLINE_12345'");
                List<String> lost = accepted.entrySet().stream()
                        .filter(e -> !e.getValue().equals(inLedger.get(e.getKey()))
                                || !delivered.containsKey(e.getValue()))
                        .map(Map.Entry::getKey).toList();
                long duplicated = delivered.values().stream().filter(n -> n > 1).count();
                // The poller's cursor: every released record receipted (none skipped), and none twice
                // (a page read again after its cursor had moved would receipt its records again).
                Map<String, List<String>> receipts = receiptsByRecord(platform);
                long skippedRecords = records.stream().filter(r -> !receipts.containsKey(r)).count();
                long repeatedReceipts = receipts.values().stream().mapToLong(keys -> keys.size() - 1).sum();
                System.out.printf("Failover, two gateways and the broker pair: sent %d / acknowledged %d / delivered %d"
                        + " / duplicated %d / lost %d; police records %d / receipted %d / repeated receipts %d"
                        + " / skipped %d; answers %s; longest pause with no acknowledgement:"
                        + " %d ms when a gateway died, %d ms when the primary died%n", sent.get(), accepted.size(),
                        delivered.size(), duplicated, lost.size(), records.size(), receipts.size(), repeatedReceipts,
                        skippedRecords, answers, longestPause(gatewayDied, primaryDied),
                        longestPause(primaryDied, bothBack));

                assertThat(lost).isEmpty();
                assertThat(accepted).hasSize(sent.get());
                assertThat(duplicated).isZero();
                // Nothing delivered that the ledger does not hold (all hotline and police disputes, once).
                assertThat(delivered.keySet()).isEqualTo(ledger.values("select dispute_id from dispute"));

                // Every event applied once, its feedback call made once (repeats carry the same key).
                assertThat(signed).isNotEmpty();
                Map<String, Integer> signings = signings(ledger);
                assertThat(signings.keySet()).containsExactlyInAnyOrderElementsOf(signed);
                assertThat(signings.values()).allMatch(n -> n == 1);
                Map<String, List<String>> signCalls = callsByRecord(platform, "/open/workorder/sign", "gdbh");
                Set<String> signedRecords = new HashSet<>();
                accepted.forEach((gdbh, id) -> {
                    if (signed.contains(id)) {
                        signedRecords.add(gdbh);
                    }
                });
                assertThat(signCalls.keySet()).isEqualTo(signedRecords);
                // A feedback call may be repeated (its answer lost in a failover), never under another key.
                assertThat(signCalls.values()).allMatch(keys -> Set.copyOf(keys).size() == 1);

                System.out.printf("Failover: %d signings applied once (%d sent over JMS)%n", signings.size(),
                        signedOverJms.size());

                // The police poller: every published record one dispute and receipted (the cursor skipped
                // none), each receipt under its record's key, while the lease went from the killed instance
                // to the other and the broker failed over. A round sends its page's receipts before it
                // moves the cursor, so the one repeat it may make is a page whose round was killed between
                // the two: its first receipt just before the gateway died. Any other repeat is the cursor
                // reading a page again after it had moved.
                assertThat(records.size()).isGreaterThan(5);
                assertThat(ledger.values("select source_record_id from dispute where source_system = 'POLICE_RISK'"))
                        .containsExactlyInAnyOrderElementsOf(records);
                assertThat(skippedRecords).isZero();
                assertThat(receipts.keySet()).isEqualTo(records);
                assertThat(receipts).allSatisfy((record, keys) -> assertThat(keys).as(record)
                        .containsOnly("receipt-" + record));
                Map<String, List<Long>> receiptTimes = receiptTimesByRecord(platform);
                assertThat(receiptTimes).as("records receipted again, other than by the round the kill cut short")
                        .allSatisfy((record, times) -> assertThat(times.size() == 1
                                || times.get(0) > gatewayDied - KILLED_ROUND_MS && times.get(0) <= gatewayDied
                                        && times.size() == 2)
                                .as(record + " receipted at " + times + ", the gateway killed at " + gatewayDied)
                                .isTrue());
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

    /**
     * A township that signs its new items: one in two over REST on either gateway, the other as a
     * JMS message on dispute.events through the pair's URL (its client follows the broker to the
     * backup and back; a send that failed with the broker is sent again).
     */
    private Void sign(GatewayProcess[] gateways, String pairUrl) throws Exception {
        int target = 0;
        boolean overJms = false;
        try (var cf = new ActiveMQConnectionFactory(pairUrl);
                Connection connection = cf.createConnection(TOWNSHIP, "dev-" + TOWNSHIP)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("dispute.events"));
            while (!stop.get() || !toSign.isEmpty()) {
                String id = toSign.poll();
                if (id == null) {
                    Thread.sleep(100);
                    continue;
                }
                overJms = !overJms;
                if (overJms) {
                    String event = "{\"type\": \"SIGNED\", \"disputeId\": \"" + id + "\", \"handlerId\": \"" + TOWNSHIP
                            + "\", \"actor\": \"店口镇矛调中心\"}";
                    for (int attempt = 0; ; attempt++) {
                        try {
                            producer.send(session.createTextMessage(event));
                            signedOverJms.add(id);
                            break;
                        } catch (JMSException e) {
                            // Sent or not: a second SIGNED is refused by the dispute's state, never applied twice.
                            answers.computeIfAbsent("jms send failed", k -> new AtomicInteger()).incrementAndGet();
                            if (attempt > 300) {
                                throw e;
                            }
                            Thread.sleep(200);
                        }
                    }
                    continue;
                }
                signOverRest(gateways, id, target);
                target = 1 - target;
            }
        }
        return null;
    }

    private void signOverRest(GatewayProcess[] gateways, String id, int first) throws Exception {
        int target = first;
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

    /**
     * The source record (a JSON field of the body) of each call to a path, with the idempotency key of
     * every call made for it, one entry a call.
     */
    private static Map<String, List<String>> callsByRecord(WireMockServer platform, String pathRegex, String field) {
        Pattern value = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"");
        Map<String, List<String>> calls = new HashMap<>();
        for (LoggedRequest r : platform.findAll(postRequestedFor(urlPathMatching(pathRegex)))) {
            Matcher m = value.matcher(r.getBodyAsString());
            if (m.find()) {
                calls.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(r.getHeader("Idempotency-Key"));
            }
        }
        return calls;
    }

    /**
     * The longest a polling round can have been cut short by the kill between its receipts and its
     * cursor: the round's lease time (GATEWAY_SOURCES_POLICE_LEASE_TIME), past which it stops anyway.
     */
    private static final long KILLED_ROUND_MS = 5_000;

    /** When the police platform received each record's receipts, in order (its own log of requests). */
    private static Map<String, List<Long>> receiptTimesByRecord(WireMockServer platform) {
        Pattern value = Pattern.compile("\"jqbh\"\\s*:\\s*\"([^\"]+)\"");
        Map<String, List<Long>> times = new HashMap<>();
        for (LoggedRequest r : platform.findAll(postRequestedFor(urlPathMatching("/api/risk/disputes/.*/receipt")))) {
            Matcher m = value.matcher(r.getBodyAsString());
            if (m.find()) {
                times.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(r.getLoggedDate().getTime());
            }
        }
        times.values().forEach(java.util.Collections::sort);
        return times;
    }

    /** The police platform's receipts so far, by record (警情编号). */
    private static Map<String, List<String>> receiptsByRecord(WireMockServer platform) {
        return callsByRecord(platform, "/api/risk/disputes/.*/receipt", "jqbh");
    }

    /** How many times each dispute was signed (its history's SIGNED entries). */
    private static Map<String, Integer> signings(SharedLedger ledger) throws Exception {
        Map<String, Integer> signings = new HashMap<>();
        ledger.pairs("select dispute_id, count(*) from dispute_history where status = 'SIGNED' group by dispute_id")
                .forEach((id, n) -> signings.put(id, Integer.parseInt(n)));
        return signings;
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
                                        + " \"sfqt\": false, \"dsr\": [{\"xm\": \"测试戊\", \"lxdh\": \"" + (13_800_000_000L + n) + "\","
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
}
