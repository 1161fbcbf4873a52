package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.fengqiao.gateway.canonical.AppealType;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.PartyRole;
import org.fengqiao.gateway.canonical.RiskLevel;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.fengqiao.gateway.privacy.PiiCipher;
import org.fengqiao.gateway.support.IdNumbers;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation on the ledger classes themselves, on a ledger of their own (in-memory H2 migrated by
 * the same Flyway scripts): written under key A, read after rotating to B with A still listed,
 * re-encrypted, read with A gone.
 */
class PiiRotationTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final String KEY_A = "key-a:" + randomKey();
    static final String KEY_B = "key-b:" + randomKey();
    static final String PHONE = "13912340001";

    JdbcDataSource h2;
    LedgerDatabase database;

    @BeforeEach
    void ledger() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:pii-rotation-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        database = new LedgerDatabase() {
            @Override
            public Connection connection() throws SQLException {
                return h2.getConnection();
            }
        };
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static PartyFieldCipher keys(String active, String... entries) {
        return new PartyFieldCipher(new PiiCipher(List.of(entries), active), JSON);
    }

    DisputeLedger disputes(PartyFieldCipher keys) {
        DisputeLedger ledger = new DisputeLedger();
        ledger.database = database;
        ledger.json = JSON;
        ledger.documents = keys;
        ledger.searchKeys = new SearchKeys(new PartyKeys("pii-rotation-index-key"));
        return ledger;
    }

    HandlingLedger handling(PartyFieldCipher keys) {
        HandlingLedger ledger = new HandlingLedger();
        ledger.database = database;
        ledger.documents = keys;
        return ledger;
    }

    PiiReencryption reencryption(PartyFieldCipher keys) {
        PiiReencryption job = new PiiReencryption();
        job.database = database;
        job.documents = keys;
        return job;
    }

    @Test
    void writtenUnderAReadAfterRotationReencryptedReadWithoutA() throws Exception {
        String idA = IdNumbers.random();
        String idB = IdNumbers.random();
        PartyFieldCipher a = keys("key-a", KEY_A);
        PartyFieldCipher ab = keys("key-b", KEY_A, KEY_B);
        PartyFieldCipher b = keys("key-b", KEY_B);

        // Before the rotation: key A only.
        CanonicalDispute first = dispute("FQ2026112900900001", idA);
        disputes(a).recordNew(first, JSON.writeValueAsString(first), Set.of(), new SupervisionTimes(null, null));
        long feedback = queueFeedback(first.disputeId(), a.cipher().encrypt("{\"bljg\":\"已联系" + PHONE + "\"}"));
        assertThat(stored(first.disputeId())).contains("enc:v1:key-a:").doesNotContain(idA).doesNotContain(PHONE);

        // Rotated: B active, A still listed. Old documents read, new ones are written under B.
        assertParties(disputes(ab).find(first.disputeId()).orElseThrow().document(), idA);
        CanonicalDispute second = dispute("FQ2026112900900002", idB);
        disputes(ab).recordNew(second, JSON.writeValueAsString(second), Set.of(), new SupervisionTimes(null, null));
        assertThat(stored(second.disputeId())).contains("enc:v1:key-b:").doesNotContain("enc:v1:key-a:");
        // The relay's pending query and handling read through the same boundary.
        var pending = disputes(ab).pendingDeliveries(OffsetDateTime.now().plusDays(1), 10);
        assertThat(pending).extracting(PendingDelivery -> PendingDelivery.disputeId())
                .contains(first.disputeId(), second.disputeId());
        assertParties(pending.stream().filter(p -> p.disputeId().equals(first.disputeId())).findFirst().orElseThrow()
                .document(), idA);
        String held = handling(ab).inTransaction(c -> handling(ab).lock(c, first.disputeId()).orElseThrow().document());
        assertParties(held, idA);
        // A handling write seals what it writes under the active key.
        handling(ab).inTransaction(c -> {
            handling(ab).updateDocument(c, second.disputeId(), held.replace(first.disputeId(), second.disputeId())
                    .replace(idA, idB), null, new SupervisionTimes(null, null), OffsetDateTime.now());
            return null;
        });
        assertThat(stored(second.disputeId())).contains("enc:v1:key-b:").doesNotContain(idB);
        assertParties(disputes(ab).find(second.disputeId()).orElseThrow().document(), idB);

        // Dropping A now would be too early: its documents no longer read.
        assertThatThrownBy(() -> disputes(b).find(first.disputeId())).isInstanceOf(PiiCipher.PiiKeyException.class)
                .hasMessageContaining("key-a");

        // Re-encryption rewrites what is under A (documents and feedback bodies), and only that.
        assertThat(reencryption(ab).run()).isEqualTo(new PiiReencryption.Result("key-b", 1, 1));
        assertThat(reencryption(ab).run()).isEqualTo(new PiiReencryption.Result("key-b", 0, 0));

        // A removed: everything reads under B alone.
        assertParties(disputes(b).find(first.disputeId()).orElseThrow().document(), idA);
        assertParties(disputes(b).find(second.disputeId()).orElseThrow().document(), idB);
        for (String id : List.of(first.disputeId(), second.disputeId())) {
            assertThat(stored(id)).contains("enc:v1:key-b:").doesNotContain("enc:v1:key-a:")
                    .doesNotContain(idA).doesNotContain(idB).doesNotContain(PHONE);
            assertThat(storedTitle(id)).startsWith("enc:v1:key-b:");
        }
        String body = feedbackBody(feedback);
        assertThat(body).startsWith("enc:v1:key-b:");
        assertThat(b.cipher().decrypt(body)).contains("已联系" + PHONE);
        // Everything else in the document is as it was written, decimals included.
        assertThat(disputes(b).find(first.disputeId()).orElseThrow().document()).contains("\"amount\":50000.10");
    }

    @Test
    void documentsWrittenBeforeEncryptionAreEncryptedByTheJob() throws Exception {
        String id = IdNumbers.random();
        CanonicalDispute legacy = dispute("FQ2026112900900003", id);
        PartyFieldCipher c = keys("key-c", "key-c:" + randomKey());
        disputes(c).recordNew(legacy, JSON.writeValueAsString(legacy), Set.of(), new SupervisionTimes(null, null));
        // As a gateway without encryption wrote it: document and title column in clear.
        try (Connection conn = database.connection();
                PreparedStatement s = conn.prepareStatement(
                        "update dispute set document = ?, title = ? where dispute_id = ?")) {
            s.setString(1, JSON.writeValueAsString(legacy));
            s.setString(2, legacy.title());
            s.setString(3, legacy.disputeId());
            s.executeUpdate();
        }
        assertThat(stored(legacy.disputeId())).contains(id).contains(PHONE);
        assertThat(storedTitle(legacy.disputeId())).contains(id);
        assertParties(disputes(c).find(legacy.disputeId()).orElseThrow().document(), id);

        assertThat(reencryption(c).run().disputes()).isEqualTo(1);
        assertThat(stored(legacy.disputeId())).doesNotContain(id).doesNotContain(PHONE).contains("enc:v1:key-c:");
        assertThat(storedTitle(legacy.disputeId())).startsWith("enc:v1:key-c:");
        assertThat(reencryption(c).run().disputes()).isEqualTo(0);
        String document = disputes(c).find(legacy.disputeId()).orElseThrow().document();
        assertParties(document, id);
        assertThat(JSON.readTree(document).path("description").asText()).isEqualTo("邻居夜间装修，请联系" + PHONE + "。");
    }

    @Test
    void theDisputeAndItsDocumentAreSealedAlike() throws Exception {
        PartyFieldCipher a = keys("key-a", KEY_A);
        CanonicalDispute d = dispute("FQ2026112900900004", IdNumbers.random());
        String clear = JSON.writeValueAsString(d);
        java.util.Set<String> fromRecord = encryptedPaths(JSON.readTree(a.seal(d)), "");
        assertThat(fromRecord).isEqualTo(encryptedPaths(JSON.readTree(a.seal(clear)), ""))
                .contains("/title", "/description", "/location/address", "/assignment/reason", "/parties/0/idNumber",
                        "/parties/0/phone")
                .noneMatch(path -> path.startsWith("/category") || path.endsWith("Code") || path.endsWith("At"));
        assertThat(JSON.readTree(a.open(a.seal(d)))).isEqualTo(JSON.readTree(clear));
    }

    private static java.util.Set<String> encryptedPaths(JsonNode node, String path) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        if (node.isTextual() && PiiCipher.isEncrypted(node.asText())) {
            out.add(path);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> out.addAll(encryptedPaths(e.getValue(), path + "/" + e.getKey())));
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            out.addAll(encryptedPaths(node.get(i), path + "/" + i));
        }
        return out;
    }

    private static void assertParties(String document, String idNumber) throws Exception {
        JsonNode party = JSON.readTree(document).at("/parties/0");
        assertThat(party.path("idNumber").asText()).isEqualTo(idNumber);
        assertThat(party.path("phone").asText()).isEqualTo(PHONE);
        assertThat(party.path("name").asText()).isEqualTo("测试甲");
    }

    private String stored(String disputeId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select document from dispute where dispute_id = ?")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String storedTitle(String disputeId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select title from dispute where dispute_id = ?")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long queueFeedback(String disputeId, String body) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        insert into feedback_outbox (dispute_id, source_system, kind, idempotency_key, http_method,
                            url_path, content_type, body, final_result, created_at, next_attempt_at)
                        values (?, 'HOTLINE_12345', 'PROGRESS', ?, 'POST', '/open/workorder/feedback',
                            'application/json', ?, false, ?, ?)""", new String[] { "id" })) {
            s.setString(1, disputeId);
            s.setString(2, disputeId + ":progress");
            s.setString(3, body);
            s.setObject(4, OffsetDateTime.now());
            s.setObject(5, OffsetDateTime.now());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private String feedbackBody(long id) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select body from feedback_outbox where id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static CanonicalDispute dispute(String disputeId, String idNumber) {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-29T10:00:00+08:00");
        return CanonicalDispute.builder(disputeId, DisputeStatus.DISPATCHED)
                .source(new CanonicalDispute.Source("HOTLINE_12345", "GD-" + disputeId, "12345热线", now))
                .category(new CanonicalDispute.CategoryRef(Category.NEIGHBOR, "邻里", null, "邻里纠纷", "test"))
                .appealType(AppealType.COMPLAINT)
                .title("噪音" + idNumber)
                .description("邻居夜间装修，请联系" + PHONE + "。")
                .occurredAt(now)
                .urgency(Urgency.NORMAL)
                .personCount(1)
                .amount(new BigDecimal("50000.10"))
                .location(new CanonicalDispute.Location("诸暨市店口镇解放路18号", null, "330681", "330681104", null, null,
                        new CanonicalDispute.Resolution("TOWNSHIP_NAME", 0.95, List.of())))
                .parties(List.of(new CanonicalDispute.Party(PartyRole.APPLICANT, "测试甲", idNumber, PHONE, null, true)))
                .assignment(new CanonicalDispute.Assignment("330681104", "诸暨市店口镇", List.of(), now, null,
                        now.plusDays(15), "test"))
                .risk(new CanonicalDispute.Risk(RiskLevel.LOW, List.of()))
                .build();
    }
}
