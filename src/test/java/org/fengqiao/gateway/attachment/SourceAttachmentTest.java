package org.fengqiao.gateway.attachment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.fengqiao.gateway.support.AttachmentTestBase;
import org.fengqiao.gateway.support.ConcurrentPosts;
import org.fengqiao.gateway.support.FakeClamd;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * Files a source sends inline with its case (the hotline's {@code fj}), through the hotline's own API,
 * the township's queue and the ledger's database: stored before the dispute is recorded, referenced by
 * it and by its message, never carried in the message; refused with the field named and nothing stored
 * when the bytes are not what the source may send; stored once however often the work order comes.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
@QuarkusTestResource(FakeClamd.class)
class SourceAttachmentTest extends AttachmentTestBase {

    static final String DIANKOU = "330681104";
    static final String HOTLINE = "HOTLINE_12345";

    static Map<String, Object> workOrder(String gdbh, List<Map<String, Object>> files) {
        Map<String, Object> order = WorkOrders.valid(gdbh);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random(), "lxdh", "13900001111"));
        order.put("fj", files);
        return order;
    }

    static ValidatableResponse post(Map<String, Object> order) {
        return given().contentType(ContentType.JSON).header("Accept-Language", "zh-CN").body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then();
    }

    static Map<String, Object> file(String name, byte[] bytes) {
        return Map.of("wjm", name, "nr", Base64.getEncoder().encodeToString(bytes));
    }

    /** Rows the hotline stored, whatever their state or dispute. */
    int storedByTheHotline() throws Exception {
        return count("select count(*) from attachment where uploaded_by = ?", HOTLINE);
    }

    List<String> statesFor(String disputeId) throws Exception {
        return attachmentRows(disputeId).stream().map(row -> (String) row.get("state")).toList();
    }

    @Test
    void anInlineFileIsStoredAndTheTownshipGetsItsReferenceOnly() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        byte[] pdf = AttachmentApiTest.resource("agreement-scan.pdf");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
        String gdbh = WorkOrders.newGdbh();
        int scansBefore = FakeClamd.scans();

        String id = post(workOrder(gdbh, List.of(file("现场照片说明.pdf", pdf)))).statusCode(202)
                .extract().path("disputeId");

        assertThat(FakeClamd.scans()).as("scanned before it was stored").isGreaterThan(scansBefore);
        assertThat(statesFor(id)).containsExactly("ATTACHED");
        List<TextMessage> messages = queues.drain("dispute.handler." + DIANKOU, 5000);
        assertThat(messages).hasSize(1);
        String text = messages.get(0).getText();
        assertThat(text.length()).as("a reference, not the file").isLessThan(10_000);
        assertThat(text).doesNotContain("\"nr\"").doesNotContain(Base64.getEncoder().encodeToString(pdf)
                .substring(0, 40));
        JsonNode reference = json.readTree(text).path("attachments").path(0);
        assertThat(reference.path("fileName").asText()).isEqualTo("现场照片说明.pdf");
        assertThat(reference.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(reference.path("size").asLong()).isEqualTo(pdf.length);
        assertThat(reference.path("sha256").asText()).isEqualTo(sha256);
        String href = reference.path("href").asText();
        assertThat(href).startsWith("/api/v1/disputes/" + id + "/attachments/AT");

        byte[] served = given().header("X-Handler-Id", DIANKOU).get(href).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        assertThat(served).isEqualTo(pdf);
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.attachments", hasSize(1)).body("dispute.attachments[0].href", equalTo(href));
        // Another township may not read it.
        given().header("X-Handler-Id", "330681109").get(href).then().statusCode(404);
    }

    @Test
    void aRepeatedWorkOrderIsOneDisputeWithOneStoredFile() throws Exception {
        byte[] pdf = AttachmentApiTest.resource("agreement-scan.pdf");
        Map<String, Object> order = workOrder(WorkOrders.newGdbh(), List.of(file("协议.pdf", pdf)));
        int before = storedByTheHotline();

        String id = post(order).statusCode(202).extract().path("disputeId");
        post(order).statusCode(200).body("disputeId", equalTo(id));

        assertThat(storedByTheHotline() - before).isEqualTo(1);
        assertThat(statesFor(id)).containsExactly("ATTACHED");

        // At once, the copies that lost the race to record the work order delete what they stored.
        Map<String, Object> again = workOrder(WorkOrders.newGdbh(), List.of(file("协议.pdf", pdf)));
        String body = WorkOrders.json(again);
        String raced = ConcurrentPosts.oneDisputeOf(8, () -> given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/sources/hotline/work-orders"));
        assertThat(statesFor(raced)).containsExactly("ATTACHED");
        assertThat(storedByTheHotline() - before).isEqualTo(2);
    }

    @Test
    void aFileThatIsNotWhatItsNameSaysIsRefusedAndNothingIsStored() throws Exception {
        byte[] pdf = AttachmentApiTest.resource("agreement-scan.pdf");
        byte[] text = AttachmentApiTest.resource("not-really.pdf");
        String gdbh = WorkOrders.newGdbh();
        int before = storedByTheHotline();

        // The first file is good and checked first: refusing the second takes it away again.
        post(workOrder(gdbh, List.of(file("协议.pdf", pdf), file("照片.pdf", text)))).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", equalTo("fj[1].nr"))
                .body("errors[0].message", containsString("类型不允许"));

        assertThat(storedByTheHotline()).isEqualTo(before);
        // The same work order with its files right is then taken: nothing of the refusal stood in its way.
        post(workOrder(gdbh, List.of(file("协议.pdf", pdf)))).statusCode(202);
        assertThat(storedByTheHotline()).isEqualTo(before + 1);
    }

    @Test
    void badBase64TooManyOrTooLargeFilesAreRefusedBeforeAnythingIsStored() throws Exception {
        int before = storedByTheHotline();
        int scansBefore = FakeClamd.scans();

        post(workOrder(WorkOrders.newGdbh(), List.of(Map.of("wjm", "a.pdf", "nr", "这不是base64")))).statusCode(400)
                .body("errors[0].field", equalTo("fj[0].nr"))
                .body("errors[0].message", containsString("Base64"));
        // Above the hotline's 2 MB (config/sources/HOTLINE_12345.yaml), below its body limit.
        byte[] large = new byte[2 * 1024 * 1024 + 1];
        post(workOrder(WorkOrders.newGdbh(), List.of(file("大文件.pdf", large)))).statusCode(400)
                .body("errors[0].field", equalTo("fj[0].nr"))
                .body("errors[0].message", containsString("超过"));
        byte[] pdf = AttachmentApiTest.resource("agreement-scan.pdf");
        post(workOrder(WorkOrders.newGdbh(), java.util.Collections.nCopies(6, file("协议.pdf", pdf))))
                .statusCode(400).body("errors[0].field", equalTo("fj"));

        assertThat(storedByTheHotline()).isEqualTo(before);
        assertThat(FakeClamd.scans()).as("refused before any scan").isEqualTo(scansBefore);
    }
}
