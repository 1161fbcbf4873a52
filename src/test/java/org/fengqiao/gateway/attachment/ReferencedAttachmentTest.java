package org.fengqiao.gateway.attachment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.AttachmentTestBase;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.FakeClamd;
import org.fengqiao.gateway.support.GridFiles;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/**
 * Files a source sends by reference (the grid worker's {@code fj}: {wjm, wjdz}), through the grid
 * platform's own API, the township's queue, the ledger's database and the file server's simulator: the
 * intake records the references without waiting on the file server, the gateway fetches each file with
 * the platform's credential through the same checks as every file, retries what it could not reach, and
 * gives up on what it refuses, keeping the reason; a URL off the platform's file server is refused at
 * intake with the field named and nothing kept.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
@QuarkusTestResource(FakeClamd.class)
class ReferencedAttachmentTest extends AttachmentTestBase {

    static final String FENGQIAO = "330681109";
    static final String DIANKOU = "330681104";
    static final String GRID = "GRID_WORKER";

    @Test
    void aReferencedFileIsFetchedAndServedToThoseWhoMayReadTheDispute() throws Exception {
        queues.drain("dispute.handler." + FENGQIAO, 100);
        byte[] photo = GridFiles.samplePhoto();
        String path = GridFiles.newPath("site-photo.jpg");
        String url = GridFiles.url(path);
        int scansBefore = FakeClamd.scans();

        String id = GridFiles.post(GridFiles.report(GridReports.newSbbh(),
                List.of(GridFiles.file("现场照片.jpg", url)))).statusCode(202).extract().path("disputeId");

        // The township's message carries the reference, as the intake recorded it, and no bytes.
        TextMessage message = queues.drain("dispute.handler." + FENGQIAO, 5000).stream()
                .filter(m -> text(m).contains(id)).findFirst().orElseThrow();
        JsonNode reference = json.readTree(message.getText()).path("attachments").path(0);
        assertThat(reference.path("state").asText()).isEqualTo("REFERENCED");
        assertThat(reference.path("sourceUrl").asText()).isEqualTo(url);
        assertThat(reference.path("fileName").asText()).isEqualTo("现场照片.jpg");
        assertThat(reference.has("sha256")).isFalse();
        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(message.getText())).isEmpty();
        assertThat(json.readTree(message.getText()).path("schemaVersion").asText()).isEqualTo("1.2");
        String href = reference.path("href").asText();
        assertThat(href).startsWith("/api/v1/disputes/" + id + "/attachments/AT");

        GridFiles.awaitState(id, FENGQIAO, "ATTACHED");
        assertThat(FakeClamd.scans()).as("scanned as every file is").isGreaterThan(scansBefore);
        given().header("X-Handler-Id", FENGQIAO).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.attachments", hasSize(1))
                .body("dispute.attachments[0].contentType", equalTo("image/jpeg"))
                .body("dispute.attachments[0].size", equalTo(photo.length))
                .body("dispute.attachments[0].sha256",
                        equalTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo))))
                .body("dispute.attachments[0].sourceUrl", equalTo(url))
                .body("dispute.attachments[0].href", equalTo(href));
        byte[] served = given().header("X-Handler-Id", FENGQIAO).get(href).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        assertThat(served).isEqualTo(photo);
        // Fetched once, with the platform's credential (the simulator answers nothing without it).
        assertThat(GridFiles.requests(path)).isEqualTo(1);
        assertThat(attachmentRows(id)).singleElement().satisfies(row -> {
            assertThat(row.get("state")).isEqualTo("ATTACHED");
            assertThat(row.get("attempts")).isEqualTo(1);
        });
        // Another township may not read it: as for the dispute, it does not exist for them.
        given().header("X-Handler-Id", DIANKOU).get(href).then().statusCode(404);
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(404);
    }

    @Test
    void aUrlOffTheSourcesFileServerIsRefusedAndNothingIsKept() throws Exception {
        String base = GridFiles.base();
        int gridFiles = count("select count(*) from attachment where uploaded_by = ?", GRID);
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/iam/x.jpg",  // another host
                base.replace("127.0.0.1", "localhost") + "/files/grid/a.jpg",  // the same server by another name
                base + "/api/grid/reports/WG1/ack",  // the platform, but not its file server
                base + "/files/grid/../../__admin/mappings",  // climbing out of the prefix
                base + "/files/grid/%2e%2e/%2e%2e/__admin/requests",  // the same, encoded
                "file:///etc/passwd")) {
            String sbbh = GridReports.newSbbh();
            GridFiles.post(GridFiles.report(sbbh, List.of(
                    GridFiles.file("ok.jpg", GridFiles.url(GridFiles.newPath("ok.jpg"))),
                    GridFiles.file("x.jpg", url))))
                    .statusCode(400).body("errors[0].field", equalTo("fj[1].wjdz"));
            assertThat(count("select count(*) from dispute where source_record_id = ?", sbbh)).as(url).isZero();
        }
        assertThat(count("select count(*) from attachment where uploaded_by = ?", GRID)).isEqualTo(gridFiles);
    }

    @Test
    void aFileServerThatFailsOnceIsAskedAgainLater() throws Exception {
        byte[] photo = GridFiles.samplePhoto();
        String path = GridFiles.newPath("after-retry.jpg");
        GridFiles.serveAfterOneFailure(path, photo);

        String id = GridFiles.post(GridFiles.report(GridReports.newSbbh(),
                List.of(GridFiles.file("现场照片.jpg", GridFiles.url(path))))).statusCode(202).extract().path("disputeId");

        GridFiles.awaitState(id, FENGQIAO, "ATTACHED");
        assertThat(GridFiles.requests(path)).isEqualTo(2);
        assertThat(attachmentRows(id)).singleElement().satisfies(row -> {
            assertThat(row.get("attempts")).isEqualTo(2);
            assertThat(row.get("failure")).isNull();
        });
        String href = given().header("X-Handler-Id", FENGQIAO).get("/api/v1/disputes/" + id).then()
                .extract().path("dispute.attachments[0].href");
        byte[] served = given().header("X-Handler-Id", FENGQIAO).get(href).then().statusCode(200).extract()
                .asByteArray();
        assertThat(served).isEqualTo(photo);
    }

    @Test
    void aProgramServedAsAPhotoIsRefusedWithItsReasonAndNotKept() throws Exception {
        byte[] program = AttachmentApiTest.resource("program.pdf");
        String path = GridFiles.newPath("photo.jpg");
        GridFiles.serve(path, program, 0);

        String id = GridFiles.post(GridFiles.report(GridReports.newSbbh(),
                List.of(GridFiles.file("现场照片.jpg", GridFiles.url(path))))).statusCode(202).extract().path("disputeId");

        GridFiles.awaitState(id, FENGQIAO, "FAILED");
        assertThat(attachmentRows(id)).singleElement().satisfies(row -> {
            assertThat((String) row.get("failure")).startsWith("类型不允许");
            assertThat(row.get("bytes")).as("the refused bytes are not kept").isEqualTo(false);
            assertThat(row.get("attempts")).as("a refusal is not retried").isEqualTo(1);
        });
        assertThat(GridFiles.requests(path)).isEqualTo(1);
        String href = given().header("X-Handler-Id", FENGQIAO).get("/api/v1/disputes/" + id).then()
                .body("dispute.attachments[0].contentType", nullValue())
                .extract().path("dispute.attachments[0].href");
        given().header("X-Handler-Id", FENGQIAO).get(href).then().statusCode(404);
    }

    @Test
    void aFileServerThatNeverAnswersIsGivenUpAfterTheLastAttempt() throws Exception {
        String path = GridFiles.newPath("gone.jpg");
        GridFiles.fail(path, 503);

        String id = GridFiles.post(GridFiles.report(GridReports.newSbbh(),
                List.of(GridFiles.file("现场照片.jpg", GridFiles.url(path))))).statusCode(202).extract().path("disputeId");

        GridFiles.awaitState(id, FENGQIAO, "FAILED");
        // gateway.attachments.fetch.max-attempts is 3 in the tests.
        assertThat(GridFiles.requests(path)).isEqualTo(3);
        assertThat(attachmentRows(id)).singleElement().satisfies(row -> {
            assertThat(row.get("attempts")).isEqualTo(3);
            assertThat(row.get("failure")).isEqualTo("文件服务器答复 HTTP 503");
        });
    }

    private static String text(TextMessage message) {
        try {
            return message.getText();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
