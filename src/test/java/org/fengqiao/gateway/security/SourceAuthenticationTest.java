package org.fengqiao.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/** Each source proves who it is; anything else is 401 (or 403 on another source's endpoint), nothing stored. */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class SourceAuthenticationTest {

    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";

    @Inject
    DisputeLedger ledger;

    @Test
    void unsignedForgedExpiredAndReplayedRequestsAreRefused() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        byte[] body = WorkOrders.json(WorkOrders.valid(gdbh)).getBytes(StandardCharsets.UTF_8);

        send(body, Map.of()).statusCode(401).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNAUTHORIZED"));

        Map<String, String> forged = new HashMap<>(SignedSources.headers("HOTLINE_12345", "guessed-secret", body,
                Instant.now()));
        send(body, forged).statusCode(401).body("detail", equalTo("the signature does not match"));

        Map<String, String> expired = SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body,
                Instant.now().minusSeconds(600));
        send(body, expired).statusCode(401).body("detail", startsWith("the request's timestamp is outside"));

        // A body changed after signing does not match either.
        Map<String, String> signed = SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, Instant.now());
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("店口镇", "枫桥镇").getBytes(StandardCharsets.UTF_8);
        send(tampered, signed).statusCode(401);
        assertThat(ledger.findBySourceRecord("HOTLINE_12345", gdbh)).isEmpty();

        // The genuine request is taken once; the same request captured and sent again is a replay.
        Map<String, String> genuine = SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, Instant.now());
        send(body, genuine).statusCode(202);
        send(body, genuine).statusCode(401).body("detail", startsWith("the request was already received"));
    }

    @Test
    void aSourcePostsOnlyToItsOwnEndpoints() {
        String gdbh = WorkOrders.newGdbh();
        byte[] body = WorkOrders.json(WorkOrders.valid(gdbh)).getBytes(StandardCharsets.UTF_8);
        send(body, SignedSources.headers("COURT_MEDIATION", "dev-court-secret", body, Instant.now()))
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        send(body, Map.of("X-Api-Key", "dev-grid-worker-api-key")).statusCode(403);
        send(body, Map.of("X-Api-Key", "not-a-key")).statusCode(401);
        assertThat(ledgerHas(gdbh)).isFalse();
    }

    @Test
    void aMissingOrEmptyCredentialHeaderIsNamedInTheAnswer() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        byte[] body = WorkOrders.json(WorkOrders.valid(gdbh)).getBytes(StandardCharsets.UTF_8);
        List<String> signatureHeaders = List.of(SourceAuthentication.SOURCE_HEADER,
                SourceAuthentication.TIMESTAMP_HEADER, SourceAuthentication.NONCE_HEADER,
                SourceAuthentication.SIGNATURE_HEADER);
        for (String header : signatureHeaders) {
            Map<String, String> headers = new HashMap<>(SignedSources.headers("HOTLINE_12345", "dev-hotline-secret",
                    body, Instant.now()));
            headers.remove(header);
            send(body, headers).statusCode(401).body("code", equalTo("UNAUTHORIZED"))
                    .body("detail", equalTo("unsigned request: the " + header + " header is missing"))
                    .body("errors.field", equalTo(List.of(header)))
                    .body("errors.message", equalTo(List.of("is missing")));
            headers.put(header, "");
            send(body, headers).statusCode(401).body("code", equalTo("UNAUTHORIZED"))
                    .body("detail", equalTo("unsigned request: the " + header + " header is empty"))
                    .body("errors.field", equalTo(List.of(header)))
                    .body("errors.message", equalTo(List.of("is empty")));
        }
        // Two at once: both named.
        Map<String, String> two = new HashMap<>(SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body,
                Instant.now()));
        two.remove(SourceAuthentication.NONCE_HEADER);
        two.put(SourceAuthentication.SIGNATURE_HEADER, "");
        send(body, two).statusCode(401)
                .body("detail", equalTo("unsigned request: these headers are missing or empty: X-Fq-Nonce, X-Fq-Signature"))
                .body("errors.field", equalTo(List.of("X-Fq-Nonce", "X-Fq-Signature")));
        // None at all: every signature header named, and the API key as the other way.
        send(body, Map.of()).statusCode(401)
                .body("detail", equalTo("unsigned request: X-Fq-Source, X-Fq-Timestamp, X-Fq-Nonce and "
                        + "X-Fq-Signature (or X-Api-Key) are required"))
                .body("errors.field", equalTo(signatureHeaders));
        // An empty API key: named too.
        send(body, Map.of(SourceAuthentication.API_KEY_HEADER, "")).statusCode(401)
                .body("detail", equalTo("unsigned request: the X-Api-Key header is empty"))
                .body("errors.field", equalTo(List.of("X-Api-Key")));
        assertThat(ledgerHas(gdbh)).isFalse();
    }

    private boolean ledgerHas(String gdbh) {
        try {
            return ledger.findBySourceRecord("HOTLINE_12345", gdbh).isPresent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatableResponse send(byte[] body, Map<String, String> headers) {
        return given().header(SignedSources.UNSIGNED, "1").headers(headers)
                .contentType("application/json;charset=UTF-8").body(body).post(WORK_ORDERS).then();
    }
}
