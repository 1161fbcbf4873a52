package org.fengqiao.gateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An XML push source defined by files only, in the test profile's folder of extra sources:
 * src/test/resources/test-config/sources/TEST_XML.yaml ({@code format: xml}), its schema and category
 * table beside it, its route in test-routes/test-xml.yaml. No Java names it.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class XmlPushSourceTest {

    static final String CASES = "/api/v1/sources/test-xml/cases";
    static final String SYSTEM = "TEST_XML";
    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    DisputeLedger ledger;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    static Response post(String xml) {
        return given().header("X-Api-Key", "test-xml-api-key").contentType("application/xml; charset=UTF-8")
                .body(xml.getBytes(StandardCharsets.UTF_8)).post(CASES);
    }

    static String document(String bh, String extra, String... people) {
        StringBuilder rys = new StringBuilder();
        for (String person : people) {
            rys.append("<Ry><Xm>").append(person).append("</Xm><Dh>13900001111</Dh></Ry>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Sj><Bh>" + bh + "</Bh><Fssj>2026-11-29 09:30:00</Fssj>"
                + "<Lx>土地</Lx><Nr>两户村民因宅基地界线发生争执。</Nr><Dz>诸暨市枫桥镇陈家社区</Dz>" + extra
                + "<Rys>" + rys + "</Rys></Sj>";
    }

    @Test
    void anXmlDocumentReachesItsTownshipQueueAsACanonicalDispute() throws Exception {
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String bh = "TX-" + UUID.randomUUID();
        Response accepted = post(document(bh, "", "测试甲"));
        accepted.then().statusCode(202).body("status", equalTo("DISPATCHED"));
        String id = accepted.jsonPath().getString("disputeId");

        List<TextMessage> messages = queues.drain("dispute.handler." + FENGQIAO, 5000);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).getStringProperty("sourceSystem")).isEqualTo(SYSTEM);
        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(messages.get(0).getText())).isEmpty();

        JsonNode dispute = json.readTree(messages.get(0).getText());
        assertThat(dispute.at("/disputeId").asText()).isEqualTo(id);
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo(bh);
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("测试XML-土地");
        assertThat(dispute.at("/occurredAt").asText()).isEqualTo("2026-11-29T09:30:00+08:00");
        assertThat(dispute.at("/category/rule").asText()).isEqualTo("table TEST_XML: 土地");
        assertThat(dispute.at("/personCount").asInt()).as("one <Ry>, read as a list of one").isEqualTo(1);
        assertThat(dispute.at("/parties/0/role").asText()).isEqualTo("APPLICANT");
        assertThat(dispute.at("/parties/0/name").asText()).isEqualTo("测试甲");
        assertThat(dispute.at("/risk/level").asText()).isEqualTo("LOW");
        // No <Qx>: the definition's default, ten days after the time of the case.
        assertThat(dispute.at("/assignment/dueAt").asText()).startsWith("2026-12-09T09:30");

        post(document(bh, "", "测试甲")).then().statusCode(200).body("disputeId", equalTo(id));
        assertThat(queues.drain("dispute.handler." + FENGQIAO, 1000)).isEmpty();
    }

    @Test
    void fivePetitionersRaiseTheRiskAndTheDeadlineIsTheSourcesOwn() throws Exception {
        String bh = "TX-" + UUID.randomUUID();
        String id = post(document(bh, "<Qx>2026-12-20</Qx>", "甲", "乙", "丙", "丁", "戊")).then().statusCode(202)
                .extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.personCount", equalTo(5))
                .body("dispute.parties.size()", equalTo(5))
                .body("dispute.risk.level", equalTo("HIGH"))
                .body("dispute.risk.flags", equalTo(List.of("GROUP")))
                .body("dispute.assignment.dueAt", equalTo("2026-12-20T23:59:59+08:00"));
        queues.drain("dispute.handler." + FENGQIAO, 2000);
    }

    @Test
    void badDocumentsAreRefusedWithProblemDetailsAndNothingIsKept() throws Exception {
        String bh = "TX-" + UUID.randomUUID();
        assertRefused(bh, "<Sj><Bh>" + bh + "</Bh><Nr>未闭合</Sj>", "$", "is not well-formed XML");
        assertRefused(bh, "<Other><Bh>" + bh + "</Bh></Other>", "$", "must have the root element <Sj>");
        assertRefused(bh, "<!DOCTYPE Sj [<!ENTITY x \"x\">]>" + document(bh, "", "甲").replaceFirst("<\\?xml[^>]*>", "")
                .replace("<Nr>", "<Nr>&x;"), "$", "must not contain a DOCTYPE");
        Path secret = Files.createTempFile("xxe", ".txt");
        Files.writeString(secret, "secret-file-content");
        assertRefused(bh, "<!DOCTYPE Sj [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]><Sj><Bh>" + bh
                + "</Bh><Nr>&x;</Nr></Sj>", "$", "must not contain a DOCTYPE");
        assertRefused(bh, "<Sj><Bh>" + bh + "</Bh><Nr>&undeclared;</Nr></Sj>", "$", "must not contain entity");
        // Well-formed but against its schema or its mapping: named by the document's own elements.
        assertRefused(bh, document(bh, "<Qx>2026-02-30</Qx>", "甲"), "Qx", "is not a valid date (yyyy-MM-dd)");
        assertRefused(bh, document(bh, "", "甲").replace("<Dz>诸暨市枫桥镇陈家社区</Dz>", ""), "Dz", null);
        assertRefused(bh, document(bh, "", "甲", "乙").replace("<Ry><Xm>乙</Xm>", "<Ry><Xm></Xm>"), "Rys.Ry[1].Xm", null);
    }

    private void assertRefused(String bh, String xml, String field, String message) throws Exception {
        int before = queues.depth("dispute.handler." + FENGQIAO);
        Response refused = post(xml);
        refused.then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.field", equalTo(List.of(field)));
        if (message != null) {
            assertThat(refused.jsonPath().getString("errors[0].message")).startsWith(message);
        }
        assertThat(refused.asString()).doesNotContain("secret-file-content");
        assertThat(ledger.findBySourceRecord(SYSTEM, bh)).isEmpty();
        assertThat(queues.depth("dispute.handler." + FENGQIAO)).isEqualTo(before);
    }
}
