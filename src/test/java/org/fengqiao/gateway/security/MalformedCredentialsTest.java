package org.fengqiao.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * Every malformed credential header is a 401 problem+json, with no stack trace in the log and no
 * request header in the answer (platform-http copies the exchange's headers into the response).
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class MalformedCredentialsTest {

    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";
    static final Path LOG = Path.of("target", "test-logs", "gateway.log");

    @Test
    void malformedSourceHeadersAreRefusedWith401AndNothingEchoed() throws Exception {
        long logStart = logSize();
        Map<String, List<Header>> cases = new LinkedHashMap<>();
        cases.put("huge timestamp", signedWith("X-Fq-Timestamp", "1000000000000000000"));
        cases.put("timestamp beyond a long", signedWith("X-Fq-Timestamp", "99999999999999999999"));
        cases.put("negative timestamp", signedWith("X-Fq-Timestamp", "-1"));
        cases.put("timestamp not a number", signedWith("X-Fq-Timestamp", "yesterday"));
        cases.put("timestamp in milliseconds", signedWith("X-Fq-Timestamp", String.valueOf(System.currentTimeMillis())));
        cases.put("empty nonce", signedWith("X-Fq-Nonce", ""));
        cases.put("overlong nonce", signedWith("X-Fq-Nonce", "n".repeat(101)));
        cases.put("non-ASCII nonce", signedWith("X-Fq-Nonce", "nonce-\u00e9\u00e9\u00e9\u00e9"));
        cases.put("signature not hex", signedWith("X-Fq-Signature", "z".repeat(64)));
        cases.put("signature too short", signedWith("X-Fq-Signature", "ab".repeat(31)));
        cases.put("signature too long", signedWith("X-Fq-Signature", "ab".repeat(33)));
        cases.put("empty signature", signedWith("X-Fq-Signature", ""));
        cases.put("empty source", signedWith("X-Fq-Source", ""));
        cases.put("non-ASCII source", signedWith("X-Fq-Source", "HOTLINE_\u00e9"));
        List<Header> twice = new ArrayList<>(signed());
        twice.add(new Header("X-Fq-Nonce", "another-nonce-" + System.nanoTime()));
        cases.put("nonce given twice", twice);
        List<Header> sourceTwice = new ArrayList<>(signed());
        sourceTwice.add(new Header("X-Fq-Source", "PETITION"));
        cases.put("source given twice", sourceTwice);
        cases.put("empty API key", List.of(new Header("X-Api-Key", "")));
        cases.put("overlong API key", List.of(new Header("X-Api-Key", "k".repeat(5000))));
        cases.put("non-ASCII API key", List.of(new Header("X-Api-Key", "dev-grid-worker-api-key\u00e9")));
        cases.put("API key given twice", List.of(new Header("X-Api-Key", "dev-grid-worker-api-key"),
                new Header("X-Api-Key", "dev-grid-worker-api-key")));

        for (var c : cases.entrySet()) {
            Response response = given().header(SignedSources.UNSIGNED, "1").headers(new Headers(c.getValue()))
                    .contentType("application/json;charset=UTF-8").body(body()).post(WORK_ORDERS);
            assertRefused(c.getKey(), response, c.getValue());
        }
        assertNoStackTraceSince(logStart);
    }

    @Test
    void malformedStaffAuthorizationIsRefusedWith401AndNothingEchoed() throws Exception {
        long logStart = logSize();
        Map<String, List<Header>> cases = new LinkedHashMap<>();
        cases.put("Basic not base64", List.of(new Header("Authorization", "Basic !!!not-base64***")));
        cases.put("Basic without colon", List.of(new Header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("330681104".getBytes(StandardCharsets.UTF_8)))));
        cases.put("Basic empty", List.of(new Header("Authorization", "Basic ")));
        cases.put("Bearer garbage", List.of(new Header("Authorization", "Bearer not.a.token")));
        cases.put("Bearer empty", List.of(new Header("Authorization", "Bearer ")));
        cases.put("unknown scheme", List.of(new Header("Authorization", "Digest whatever")));
        cases.put("non-ASCII", List.of(new Header("Authorization", "Basic \u00e9\u00e9\u00e9")));
        cases.put("given twice", List.of(new Header("Authorization", SignedSources.basic("330681104")),
                new Header("Authorization", SignedSources.basic("330681109"))));
        for (var c : cases.entrySet()) {
            Response response = given().header(SignedSources.UNSIGNED, "1").headers(new Headers(c.getValue()))
                    .get("/api/v1/handlers/330681104/items");
            assertRefused(c.getKey(), response, c.getValue());
        }
        assertNoStackTraceSince(logStart);
    }

    @Test
    void anAcceptedRequestEchoesNoCredentialHeaderEither() {
        byte[] body = body();
        Map<String, String> headers = SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, Instant.now());
        Response response = given().header(SignedSources.UNSIGNED, "1").headers(headers)
                .contentType("application/json;charset=UTF-8").body(body).post(WORK_ORDERS);
        assertThat(response.statusCode()).isEqualTo(202);
        assertNoCredentialEchoed("accepted", response);

        Response gridWorker = given().header(SignedSources.UNSIGNED, "1").header("X-Api-Key", "dev-grid-worker-api-key")
                .contentType("application/json;charset=UTF-8").body("{}").post("/api/v1/sources/grid-worker/reports");
        assertNoCredentialEchoed("API key, refused body", gridWorker);

        Response staff = given().header(SignedSources.UNSIGNED, "1")
                .header("Authorization", SignedSources.basic("330681104")).get("/api/v1/handlers/330681104/items");
        assertThat(staff.statusCode()).isEqualTo(200);
        assertNoCredentialEchoed("staff", staff);
    }

    private static void assertRefused(String name, Response response, List<Header> sent) {
        assertThat(response.statusCode()).as(name).isEqualTo(401);
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).as(name).isEqualTo("UNAUTHORIZED");
        assertNoCredentialEchoed(name, response);
        String answer = response.asString();
        for (Header h : sent) {
            if (h.getValue().length() >= 8) {
                assertThat(answer).as(name + ": the answer quotes no request value").doesNotContain(h.getValue());
            }
        }
    }

    private static void assertNoCredentialEchoed(String name, Response response) {
        for (Header h : response.getHeaders()) {
            assertThat(h.getName().toLowerCase()).as(name + ": header " + h.getName() + " in the answer")
                    .doesNotStartWith("x-fq-").isNotEqualTo("x-api-key").isNotEqualTo("authorization")
                    .isNotEqualTo(SignedSources.UNSIGNED.toLowerCase());
        }
    }

    private static byte[] body() {
        return WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh())).getBytes(StandardCharsets.UTF_8);
    }

    private static List<Header> signed() {
        List<Header> headers = new ArrayList<>();
        SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body(), Instant.now())
                .forEach((k, v) -> headers.add(new Header(k, v)));
        return headers;
    }

    /** A signed request's headers with one replaced. */
    private static List<Header> signedWith(String name, String value) {
        List<Header> headers = new ArrayList<>(signed().stream().filter(h -> !h.getName().equals(name)).toList());
        headers.add(new Header(name, value));
        return headers;
    }

    static long logSize() throws Exception {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    /** What the gateway logged since {@code start} (bytes into its log file). */
    static String logSince(long start) throws Exception {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) Math.min(start, all.length), (int) Math.max(0, all.length - start),
                StandardCharsets.UTF_8);
    }

    private static void assertNoStackTraceSince(long start) throws Exception {
        String logged = logSince(start);
        assertThat(logged).as("stack traces in the log").doesNotContain("\tat ").doesNotContain("Exception:");
    }
}
