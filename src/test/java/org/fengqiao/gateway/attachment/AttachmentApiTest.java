package org.fengqiao.gateway.attachment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.MultiPartConfig;
import io.restassured.response.ValidatableResponse;
import org.apache.http.entity.mime.HttpMultipartMode;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.FakeClamd;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * Attachments over the API, on the real ledger, broker and (a stand-in for) clamd: a township uploads an
 * agreement scan, names it in its act, and then it is part of the dispute, served to those who may read
 * the dispute and to nobody else; what is not the type its name says, too large or infected is refused
 * with the field named and nothing stored; a message to a handler carries the reference, never the bytes.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
@QuarkusTestResource(FakeClamd.class)
class AttachmentApiTest {

    static final String DIANKOU = "330681104";
    static final String FENGQIAO = "330681109";
    static final String ZHUJI_CENTRE = "330681-CENTRE";
    static final String ZHUJI_TRIAGE = "330681-TRIAGE";

    @Inject
    LedgerDatabase database;
    @Inject
    AttachmentStore store;
    @Inject
    ObjectMapper json;

    static byte[] resource(String name) throws Exception {
        try (InputStream in = AttachmentApiTest.class.getResourceAsStream("/attachments/" + name)) {
            return in.readAllBytes();
        }
    }

    static ValidatableResponse upload(String handler, String id, String fileName, byte[] bytes) {
        // File names in UTF-8, as browsers send them (the client's default would write them in ASCII).
        return given().config(RestAssured.config()
                        .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE))
                        .multiPartConfig(MultiPartConfig.multiPartConfig().defaultCharset("UTF-8")))
                .header("X-Handler-Id", handler).header("Accept-Language", "zh-CN")
                .multiPart("file", fileName, bytes, "application/pdf")
                .post("/api/v1/disputes/" + id + "/attachments").then();
    }

    static String dianKouDispute() {
        return GatewayApi.postWorkOrder(WorkOrders.newGdbh(), "诸暨市店口镇解放路18号");
    }

    int storedFor(String disputeId) throws Exception {
        try (var c = database.connection();
                var s = c.prepareStatement("select count(*) from attachment where dispute_id = ?")) {
            s.setString(1, disputeId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void anUploadNamedByTheActIsPartOfTheDisputeForThoseWhoMayReadIt() throws Exception {
        String id = dianKouDispute();
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        byte[] pdf = resource("agreement-scan.pdf");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
        int scansBefore = FakeClamd.scans();

        var uploaded = upload(DIANKOU, id, "调解协议书.pdf", pdf).statusCode(201)
                .body("contentType", equalTo("application/pdf")).body("size", equalTo(pdf.length))
                .body("sha256", equalTo(sha256)).body("fileName", equalTo("调解协议书.pdf"))
                .body("state", equalTo("PENDING")).extract();
        String attachmentId = uploaded.path("id");
        String href = uploaded.path("href");
        assertThat(href).isEqualTo("/api/v1/disputes/" + id + "/attachments/" + attachmentId);
        assertThat(FakeClamd.scans()).as("scanned before it was stored").isGreaterThan(scansBefore);
        // Not part of the dispute until an act names it.
        given().header("X-Handler-Id", DIANKOU).get(href).then().statusCode(404);

        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED",
                "agreement", "夜间不再施工", "attachments", List.of(attachmentId))).statusCode(200)
                .body("status", equalTo("RESOLVED"));
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.schemaVersion", equalTo("1.2"))
                .body("dispute.attachments", hasSize(1))
                .body("dispute.attachments[0].id", equalTo(attachmentId))
                .body("dispute.attachments[0].sha256", equalTo(sha256))
                .body("dispute.attachments[0].href", equalTo(href));

        byte[] served = given().header("X-Handler-Id", DIANKOU).get(href).then().statusCode(200)
                .header("Content-Type", equalTo("application/pdf"))
                .header("Content-Disposition", containsString("attachment;"))
                .header("Content-Disposition", containsString("UTF-8''%E8%B0%83%E8%A7%A3"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract().asByteArray();
        assertThat(served).isEqualTo(pdf);
        // The county centre reads the dispute, so the file too; another township does not, whether or not
        // the file exists.
        given().header("X-Handler-Id", ZHUJI_CENTRE).get(href).then().statusCode(200);
        given().header("X-Handler-Id", FENGQIAO).get(href).then().statusCode(404);
        given().header("X-Handler-Id", FENGQIAO).get("/api/v1/disputes/" + id + "/attachments/AT"
                + "0".repeat(32)).then().statusCode(404);

        // Taken once: another act cannot name it again.
        GatewayApi.event(id, Map.of("type", "PROGRESS", "handlerId", DIANKOU, "note", "补充",
                "attachments", List.of(attachmentId))).statusCode(400)
                .body("errors[0].field", equalTo("attachments"));
    }

    @Test
    void onlyAHolderUploads() throws Exception {
        String id = dianKouDispute();
        byte[] pdf = resource("agreement-scan.pdf");
        upload(FENGQIAO, id, "a.pdf", pdf).statusCode(404);
        upload(ZHUJI_CENTRE, id, "a.pdf", pdf).statusCode(403);
        assertThat(storedFor(id)).isZero();
    }

    @Test
    void whatTheBytesAreDecidesNotTheName() throws Exception {
        String id = dianKouDispute();
        upload(DIANKOU, id, "协议.pdf", resource("not-really.pdf")).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("类型不允许"));
        upload(DIANKOU, id, "协议.pdf", resource("program.pdf")).statusCode(400)
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("类型不允许"));
        assertThat(storedFor(id)).isZero();
    }

    @Test
    void aFileAboveTheLimitIsRefused() throws Exception {
        String id = dianKouDispute();
        byte[] pdf = resource("agreement-scan.pdf");
        byte[] large = Arrays.copyOf(pdf, (int) store.maxBytes() + 1);
        upload(DIANKOU, id, "大文件.pdf", large).statusCode(413)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("超过大小"));
        assertThat(storedFor(id)).isZero();
    }

    @Test
    void whatTheVirusScanFindsOrCannotSayIsRefused() throws Exception {
        String id = dianKouDispute();
        byte[] pdf = resource("agreement-scan.pdf");
        byte[] infected = concat(pdf, FakeClamd.EICAR.getBytes(StandardCharsets.US_ASCII));
        upload(DIANKOU, id, "协议.pdf", infected).statusCode(400)
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("病毒扫描未通过"))
                .body("errors[0].message", containsString("Eicar-Test-Signature"));
        // No verdict: refused all the same (fail closed), and the client may try later.
        byte[] unanswered = concat(pdf, FakeClamd.NO_ANSWER.getBytes(StandardCharsets.US_ASCII));
        upload(DIANKOU, id, "协议.pdf", unanswered).statusCode(503)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString("病毒扫描暂不可用"));
        assertThat(storedFor(id)).isZero();
    }

    @Test
    void anUploadNoActTookIsSweptAfterTheGrace() throws Exception {
        String id = dianKouDispute();
        String attachmentId = upload(DIANKOU, id, "协议.pdf", resource("agreement-scan.pdf")).statusCode(201)
                .extract().path("id");
        // Resolving before signing is refused: the upload stays waiting, not part of the dispute.
        GatewayApi.event(id, Map.of("type", "RESOLVED", "handlerId", DIANKOU, "outcome", "MEDIATED",
                "attachments", List.of(attachmentId))).statusCode(409);
        assertThat(storedFor(id)).isEqualTo(1);
        assertThat(GatewayApi.disputeField(id, "dispute.attachments")).isNull();
        store.sweepOrphansBefore(OffsetDateTime.now().minusHours(1));
        assertThat(storedFor(id)).as("still within the grace").isEqualTo(1);
        store.sweepOrphansBefore(OffsetDateTime.now().plusHours(2));
        assertThat(storedFor(id)).isZero();
    }

    @Test
    void theNextHandlersMessageCarriesTheReferenceNotTheBytes() throws Exception {
        String id = dianKouDispute();
        byte[] pdf = resource("agreement-scan.pdf");
        String attachmentId = upload(DIANKOU, id, "现场照片说明.pdf", pdf).statusCode(201).extract().path("id");
        try (HandlerQueues queues = HandlerQueues.embedded();
                HandlerQueues.Copy triage = queues.copy("dispute.handler." + ZHUJI_TRIAGE)) {
            GatewayApi.event(id, Map.of("type", "RETURNED", "handlerId", DIANKOU, "reason", "不属本镇管辖",
                    "attachments", List.of(attachmentId))).statusCode(200);
            assertThat(GatewayApi.handler(id)).isEqualTo(ZHUJI_TRIAGE);
            TextMessage delivered = null;
            for (TextMessage m : triage.drain(10_000)) {
                if (id.equals(json.readTree(m.getText()).path("disputeId").asText())) {
                    delivered = m;
                }
            }
            assertThat(delivered).as("the re-routed dispute on the triage desk's queue").isNotNull();
            JsonNode message = json.readTree(delivered.getText());
            assertThat(message.path("attachments")).hasSize(1);
            JsonNode reference = message.path("attachments").get(0);
            assertThat(reference.path("id").asText()).isEqualTo(attachmentId);
            assertThat(reference.path("sha256").asText()).hasSize(64);
            assertThat(reference.path("href").asText()).endsWith("/attachments/" + attachmentId);
            assertThat(reference.fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("id", "fileName", "contentType", "size", "sha256", "href");
            // Neither the bytes nor their base64 (a PDF's begins JVBERi0).
            assertThat(delivered.getText()).doesNotContain("%PDF").doesNotContain("JVBERi0");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
