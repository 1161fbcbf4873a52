package org.fengqiao.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.SeenNonceLedger;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * The replay memory is the ledger's: an accepted request's nonce is a row there, and a nonce another
 * instance on the ledger recorded (a row this instance never saw) is refused as a replay. After a
 * restart see ReplayAfterRestartIT.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class ReplayMemoryTest {

    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";
    static final Duration WINDOW = Duration.ofMinutes(5);

    @Inject
    LedgerDatabase database;
    @Inject
    DisputeLedger ledger;
    @Inject
    SeenNonceLedger nonces;

    @Test
    void anAcceptedRequestsNonceIsKeptInTheLedgerUntilItsTimestampLeavesTheWindow() throws Exception {
        byte[] body = WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh())).getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.now();
        Map<String, String> headers = SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, at);
        send(body, headers).statusCode(202);

        long key = SourceAuthentication.nonceKey("HOTLINE_12345", headers.get(SourceAuthentication.NONCE_HEADER));
        assertThat(expiryOf("HOTLINE_12345", key)).hasValue(Instant.ofEpochSecond(at.getEpochSecond()).plus(WINDOW));
    }

    @Test
    void aNonceAnotherInstanceRecordedIsAReplayHere() throws Exception {
        String gdbh = WorkOrders.newGdbh();
        byte[] body = WorkOrders.json(WorkOrders.valid(gdbh)).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, Instant.now());
        long key = SourceAuthentication.nonceKey("HOTLINE_12345", headers.get(SourceAuthentication.NONCE_HEADER));
        insert("HOTLINE_12345", key, Instant.now().plus(WINDOW));

        send(body, headers).statusCode(401).body("detail", equalTo("the request was already received (replay)"));
        assertThat(ledger.findBySourceRecord("HOTLINE_12345", gdbh)).as("nothing stored").isEmpty();
    }

    @Test
    void aNonceWhoseTimeHasPassedIsTakenAgainAndItsRowDeleted() throws Exception {
        // Whole microseconds: the ledger keeps no finer time.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        long passed = System.nanoTime();
        long current = passed + 1;
        insert("COURT_MEDIATION", passed, now.minusSeconds(1));
        insert("COURT_MEDIATION", current, now.plus(WINDOW));

        assertThat(nonces.firstTime("COURT_MEDIATION", current, now.plus(WINDOW), now)).isFalse();
        assertThat(nonces.firstTime("PETITION", current, now.plus(WINDOW), now)).as("another source's").isTrue();
        nonces.deleteExpired(now);
        assertThat(expiryOf("COURT_MEDIATION", passed)).as("deleted").isEmpty();
        assertThat(expiryOf("COURT_MEDIATION", current)).as("kept").isPresent();

        insert("COURT_MEDIATION", passed, now.minusSeconds(1));
        assertThat(nonces.firstTime("COURT_MEDIATION", passed, now.plus(WINDOW), now)).as("past its time").isTrue();
        assertThat(expiryOf("COURT_MEDIATION", passed)).hasValue(now.plus(WINDOW).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    private void insert(String source, long key, Instant until) throws Exception {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "insert into seen_nonce (source_system, nonce_key, expires_at) values (?, ?, ?)")) {
            s.setString(1, source);
            s.setLong(2, key);
            s.setObject(3, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    private Optional<Instant> expiryOf(String source, long key) throws Exception {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select expires_at from seen_nonce where source_system = ? and nonce_key = ?")) {
            s.setString(1, source);
            s.setLong(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }

    private static io.restassured.response.ValidatableResponse send(byte[] body, Map<String, String> headers) {
        return given().header(SignedSources.UNSIGNED, "1").headers(headers)
                .contentType("application/json;charset=UTF-8").body(body).post(WORK_ORDERS).then();
    }
}
