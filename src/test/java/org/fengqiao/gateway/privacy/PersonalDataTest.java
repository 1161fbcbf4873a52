package org.fengqiao.gateway.privacy;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.fengqiao.gateway.feedback.FeedbackRelay;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.LedgerJournal;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.CourtMediations;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.GridReports;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.IdNumbers;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.PetitionItems;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Personal data through the outside interfaces: ID numbers checked at intake for every source,
 * party ID and phone numbers never in clear in the ledger's tables, full values on the holder's
 * queue and for the holder over REST, masked for everyone else.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class PersonalDataTest {

    static final String DIANKOU = "330681104"; // 诸暨市店口镇
    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇
    static final String ADDRESS = "诸暨市店口镇解放路18号";
    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    LedgerDatabase database;
    @Inject
    FeedbackRelay relay;
    @Inject
    LedgerJournal journal;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    @Test
    void storedDocumentsHoldNoClearIdOrPhoneNumbersAndTheHolderGetsThemInFull() throws Exception {
        queues.drain("dispute.handler." + DIANKOU, 100);
        String idNumber = IdNumbers.random();
        String phone = "13955550001";
        String hotlineId = postWorkOrder(idNumber, phone, "邻居连续一周夜间装修，多次沟通无果。");

        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        String plaintiffId = IdNumbers.random();
        String defendantId = IdNumbers.random();
        mediation.put("plaintiffs", List.of(CourtMediations.person("测试原告", plaintiffId, "13955550002", "诸暨市暨阳街道")));
        mediation.put("defendants", List.of(CourtMediations.person("测试被告", defendantId, "13955550003", ADDRESS)));
        String courtId = given().contentType(ContentType.JSON).body(mediation).post("/api/v1/sources/court/mediations")
                .then().statusCode(202).extract().path("disputeId");

        // The handler's queue carries the full values.
        List<TextMessage> delivered = queues.drain("dispute.handler." + DIANKOU, 5000);
        assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).contains(hotlineId, courtId);
        for (TextMessage m : delivered) {
            if (m.getStringProperty("disputeId").equals(hotlineId)) {
                JsonNode party = json.readTree(m.getText()).at("/parties/0");
                assertThat(party.path("idNumber").asText()).isEqualTo(idNumber);
                assertThat(party.path("phone").asText()).isEqualTo(phone);
            }
        }

        // A handling write (an approved extension rewrites the document) keeps them encrypted.
        GatewayApi.event(hotlineId, Map.of("type", "EXTENSION_REQUESTED", "handlerId", DIANKOU, "days", 3,
                "reason", "当事人外出")).statusCode(200);
        GatewayApi.event(hotlineId, Map.of("type", "EXTENSION_APPROVED", "handlerId", "330681-CENTRE"))
                .statusCode(200);

        Map<String, String> stored = storedDocuments(List.of(hotlineId, courtId));
        assertThat(stored).hasSize(2);
        for (String document : stored.values()) {
            assertThat(document).doesNotContain(idNumber).doesNotContain(phone).doesNotContain(plaintiffId)
                    .doesNotContain(defendantId).doesNotContain("13955550002").doesNotContain("13955550003")
                    .contains("\"idNumber\":\"enc:v1:dev-1:").contains("\"phone\":\"enc:v1:dev-1:");
        }
        // And across the whole ledger, whatever the other tests stored: no party number in clear.
        for (String document : storedDocuments(null).values()) {
            for (JsonNode party : json.readTree(document).path("parties")) {
                for (String field : List.of("idNumber", "phone")) {
                    if (party.has(field)) {
                        assertThat(party.get(field).asText()).startsWith("enc:v1:");
                    }
                }
            }
        }
        // The holder reads them in full over REST.
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + hotlineId).then().statusCode(200)
                .body("dispute.parties[0].idNumber", equalTo(idNumber))
                .body("dispute.parties[0].phone", equalTo(phone));
    }

    @Test
    void callersWhoDoNotHoldTheDisputeSeeMaskedNumbers() {
        String idNumber = IdNumbers.random();
        String id = postWorkOrder(idNumber, "13955550011", "请联系申请人13955550011，身份证" + idNumber + "。");
        String masked = idNumber.substring(0, 4) + "**********" + idNumber.substring(14);
        // Another township does not see the dispute at all.
        given().header("X-Handler-Id", "330681109").get("/api/v1/disputes/" + id).then().statusCode(404);
        // The city's centre (the tests' default caller) and the county's triage desk read it, masked.
        for (var caller : new String[] { null, "330681-TRIAGE", "330681-CENTRE" }) {
            var request = given();
            if (caller != null) {
                request.header("X-Handler-Id", caller);
            }
            JsonPath answer = request.get("/api/v1/disputes/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(answer.getString("dispute.parties[0].idNumber")).as("caller %s", caller).isEqualTo(masked);
            assertThat(answer.getString("dispute.parties[0].phone")).isEqualTo("139****0011");
            assertThat(answer.getString("dispute.description")).isEqualTo("请联系申请人139****0011，身份证" + masked + "。");
            assertThat(answer.getString("dispute.parties[0].name")).isEqualTo("测试甲");
        }
        JsonPath holder = given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(holder.getString("dispute.parties[0].idNumber")).isEqualTo(idNumber);
        assertThat(holder.getString("dispute.parties[0].phone")).isEqualTo("13955550011");
        assertThat(holder.getString("dispute.description")).contains("13955550011");
    }

    @Test
    void theInboxShowsTitlesByTheSameRuleAsTheDisputeRead() {
        String idNumber = IdNumbers.random();
        String masked = idNumber.substring(0, 4) + "**********" + idNumber.substring(14);
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("sqbt", "申请人" + idNumber + "来电13955550061");
        String id = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        String clear = "申请人" + idNumber + "来电13955550061";
        String hidden = "申请人" + masked + "来电139****0061";

        // The holder reads its own inbox and the dispute in full; the county's triage desk and centre
        // and the city's centre read both masked.
        for (String caller : List.of(DIANKOU, "330681-TRIAGE", "330681-CENTRE", "3306-CENTRE")) {
            String expected = caller.equals(DIANKOU) ? clear : hidden;
            List<Map<String, Object>> items = given().header("X-Handler-Id", caller).queryParam("size", 200)
                    .get("/api/v1/handlers/" + DIANKOU + "/items").then().statusCode(200).extract().path("items");
            assertThat(items).as("inbox as %s", caller).filteredOn(i -> id.equals(i.get("disputeId")))
                    .extracting(i -> i.get("title")).containsExactly(expected);
            assertThat(given().header("X-Handler-Id", caller).get("/api/v1/disputes/" + id).then().statusCode(200)
                    .extract().<String>path("dispute.title")).as("dispute as %s", caller).isEqualTo(expected);
        }
    }

    @Test
    void freeTextIsEncryptedInTheLedgerAndItsJournalAndTheHolderReadsItInFull() throws Exception {
        String idNumber = IdNumbers.random();
        String phone = "13955550071";
        // The embedded ledger's journal records, as the broker gets them (when the journal is in use).
        HandlerQueues.Copy records = queues.copy(LedgerJournal.QUEUE);
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("sqbt", "申请人" + idNumber + "来电");
        order.put("sqnr", "请联系" + phone + "，身份证" + idNumber + "。");
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", IdNumbers.random(), "lxdh", "13955550072"));
        String hotlineId = given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        mediation.put("claims", "判令被告（身份证" + idNumber + "，电话" + phone + "）归还借款。");
        String courtId = given().contentType(ContentType.JSON).body(mediation).post("/api/v1/sources/court/mediations")
                .then().statusCode(202).extract().path("disputeId");

        // The journal records the broker got (on the disk when each dispute was answered).
        List<String> journalled = new ArrayList<>();
        try (records) {
            for (TextMessage record : records.drain(journal.inUse() ? 5000 : 500)) {
                journalled.add(record.getText());
            }
        }
        List<String> ours = journalled.stream().filter(r -> r.contains(hotlineId) || r.contains(courtId)).toList();
        assertThat(ours).as("journal records of the two disputes").hasSize(journal.inUse() ? 2 : 0)
                .allSatisfy(r -> assertThat(r).doesNotContain(idNumber).doesNotContain(phone));

        // The ledger: document and title column.
        for (String id : List.of(hotlineId, courtId)) {
            String document = storedDocuments(List.of(id)).get(id);
            assertThat(document).as("stored document").doesNotContain(idNumber).doesNotContain(phone);
            JsonNode stored = json.readTree(document);
            for (String field : List.of("/title", "/description", "/claims")) {
                if (stored.at(field).isTextual()) {
                    assertThat(stored.at(field).asText()).as(field).startsWith("enc:v1:dev-1:");
                }
            }
            assertThat(stored.at("/category/code").asText()).isNotBlank().doesNotStartWith("enc:");
            assertThat(stored.at("/location/townshipCode").asText()).isEqualTo(DIANKOU);
            assertThat(storedTitle(id)).startsWith("enc:v1:dev-1:");
        }

        // The holder reads everything in full.
        JsonPath hotline = given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + hotlineId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(hotline.getString("dispute.title")).isEqualTo("申请人" + idNumber + "来电");
        assertThat(hotline.getString("dispute.description")).isEqualTo("请联系" + phone + "，身份证" + idNumber + "。");
        assertThat(given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + courtId).then().statusCode(200)
                .extract().<String>path("dispute.claims")).isEqualTo("判令被告（身份证" + idNumber + "，电话" + phone + "）归还借款。");
    }

    @Test
    void invalidIdNumbersAreFlaggedNotRejectedWhateverTheSource() throws Exception {
        CanonicalSchema schema = CanonicalSchema.fromServedText(
                given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200).extract().asString());
        String valid = IdNumbers.random();
        String badCheck = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');

        // Hotline (JSON): a wrong check character.
        queues.drain("dispute.handler." + DIANKOU, 100);
        String hotline = postWorkOrder(badCheck, "13955550021", "邻居夜间装修。");
        JsonNode dispute = message(DIANKOU, hotline);
        assertThat(schema.problems(dispute.toString())).isEmpty();
        assertThat(dispute.at("/risk/flags")).extracting(JsonNode::asText).contains("INVALID_ID_NUMBER");
        assertThat(dispute.at("/parties/0/idNumber").asText()).isEqualTo(badCheck); // kept as the source gave it
        assertThat(dispute.at("/parties/0/idNumberValid").asBoolean(true)).isFalse();

        // Court (JSON): one party valid, one with an impossible birth date.
        Map<String, Object> mediation = CourtMediations.valid(CourtMediations.newCaseNo());
        String feb30 = withCheck("33068119900230123");
        mediation.put("plaintiffs", List.of(CourtMediations.person("测试原告", valid, null, "诸暨市暨阳街道")));
        mediation.put("defendants", List.of(CourtMediations.person("测试被告", feb30, null, ADDRESS)));
        String court = given().contentType(ContentType.JSON).body(mediation).post("/api/v1/sources/court/mediations")
                .then().statusCode(202).extract().path("disputeId");
        dispute = message(DIANKOU, court);
        assertThat(schema.problems(dispute.toString())).isEmpty();
        assertThat(dispute.at("/risk/flags")).extracting(JsonNode::asText).contains("INVALID_ID_NUMBER");
        assertThat(dispute.at("/parties/0/idNumberValid").asBoolean(false)).isTrue();
        assertThat(dispute.at("/parties/1/idNumberValid").asBoolean(true)).isFalse();

        // Petition (XML): too short.
        queues.drain("dispute.handler." + FENGQIAO, 100);
        String xml = PetitionItems.valid(PetitionItems.newXfjbh()).noPetitioners()
                .petitioner("测试甲", valid.substring(0, 16), "13955550022", "诸暨市枫桥镇枫源村12号").xml();
        String petition = given().contentType("application/xml;charset=UTF-8").body(xml.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/sources/petition/items").then().statusCode(202).extract().path("disputeId");
        dispute = message(FENGQIAO, petition);
        assertThat(dispute.at("/risk/flags")).extracting(JsonNode::asText).contains("INVALID_ID_NUMBER");
        assertThat(dispute.at("/parties/0/idNumberValid").asBoolean(true)).isFalse();

        // A source defined by files only (grid worker): valid numbers, no flag; no number, no mark.
        Map<String, Object> report = GridReports.valid(GridReports.newSbbh());
        report.put("sjry", new ArrayList<>(List.of(GridReports.person("测试村民甲", IdNumbers.random(), null, "反映人"),
                GridReports.person("测试村民乙", null, null, "对方当事人"))));
        String grid = given().contentType(ContentType.JSON).body(GridReports.json(report))
                .post("/api/v1/sources/grid-worker/reports").then().statusCode(202).extract().path("disputeId");
        dispute = message(FENGQIAO, grid);
        assertThat(schema.problems(dispute.toString())).isEmpty();
        assertThat(dispute.at("/risk/flags")).extracting(JsonNode::asText).doesNotContain("INVALID_ID_NUMBER");
        assertThat(dispute.at("/parties/1/idNumberValid").asBoolean(false)).isTrue();
        assertThat(dispute.at("/parties/2").has("idNumberValid")).isFalse();
    }

    @Test
    void feedbackIsStoredEncryptedAndTheSourceGetsItAsWritten() throws Exception {
        var hotline = WireMockSimulators.server();
        hotline.resetRequests();
        String id = postWorkOrder(IdNumbers.random(), "13955550031", "邻居夜间装修。");
        GatewayApi.event(id, Map.of("type", "SIGNED", "handlerId", DIANKOU)).statusCode(200);
        GatewayApi.event(id, Map.of("type", "PROGRESS", "handlerId", DIANKOU, "note", "已电话联系申请人13955550031"))
                .statusCode(200);

        List<String> bodies = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select body from feedback_outbox where dispute_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
            }
        }
        assertThat(bodies).hasSize(2).allSatisfy(b -> assertThat(b).startsWith("enc:v1:dev-1:"));

        relay.relay("HOTLINE_12345");
        List<LoggedRequest> progress = hotline.findAll(postRequestedFor(urlPathEqualTo("/open/workorder/feedback")));
        assertThat(progress).extracting(LoggedRequest::getBodyAsString).anyMatch(b -> b.contains("13955550031"));
        // The timeline is shown to whoever reads the dispute: numbers in handlers' notes are masked there.
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("history.find { it.event == 'PROGRESS' }.detail", equalTo("已电话联系申请人139****0031"));
    }

    @Test
    void theReencryptionEndpointEncryptsWhatWasStoredInClear() throws Exception {
        String idNumber = IdNumbers.random();
        String id = postWorkOrder(idNumber, "13955550041", "邻居夜间装修。");
        // Put the numbers back in clear, as a gateway before encryption stored them.
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "update dispute set document = replace(replace(document, ?, ?), ?, ?) where dispute_id = ?")) {
            String stored = storedDocuments(List.of(id)).get(id);
            JsonNode party = json.readTree(stored).at("/parties/0");
            s.setString(1, party.get("idNumber").asText());
            s.setString(2, idNumber);
            s.setString(3, party.get("phone").asText());
            s.setString(4, "13955550041");
            s.setString(5, id);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        // And the free text and the title column, as a gateway before their encryption stored them.
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "update dispute set document = ?, title = ? where dispute_id = ?")) {
            com.fasterxml.jackson.databind.node.ObjectNode stored = (com.fasterxml.jackson.databind.node.ObjectNode) json
                    .readTree(storedDocuments(List.of(id)).get(id));
            stored.put("title", "来电" + idNumber);
            stored.put("description", "请联系13955550042");
            s.setString(1, json.writeValueAsString(stored));
            s.setString(2, "来电" + idNumber);
            s.setString(3, id);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThat(storedDocuments(List.of(id)).get(id)).contains(idNumber).contains("13955550042");
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.title", equalTo("来电" + idNumber));

        JsonPath first = given().post("/api/v1/ledger/reencrypt").then().statusCode(200).extract().jsonPath();
        assertThat(first.getString("activeKey")).isEqualTo("dev-1");
        assertThat(first.getInt("disputes")).isGreaterThanOrEqualTo(1);
        assertThat(storedDocuments(List.of(id)).get(id)).doesNotContain(idNumber).doesNotContain("13955550041")
                .doesNotContain("13955550042");
        assertThat(storedTitle(id)).startsWith("enc:v1:dev-1:");
        given().post("/api/v1/ledger/reencrypt").then().statusCode(200).body("disputes", equalTo(0))
                .body("feedbackCalls", equalTo(0));
        given().header("X-Handler-Id", DIANKOU).get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.parties[0].idNumber", equalTo(idNumber))
                .body("dispute.parties[0].phone", equalTo("13955550041"))
                .body("dispute.title", equalTo("来电" + idNumber))
                .body("dispute.description", equalTo("请联系13955550042"));
        List<Map<String, Object>> inbox = given().header("X-Handler-Id", DIANKOU).queryParam("size", 200)
                .get("/api/v1/handlers/" + DIANKOU + "/items").then().statusCode(200).extract().path("items");
        assertThat(inbox).filteredOn(i -> id.equals(i.get("disputeId"))).extracting(i -> i.get("title"))
                .containsExactly("来电" + idNumber);
    }

    @Test
    void noMetricLabelCarriesAnIdOrMobileNumber() {
        postWorkOrder(IdNumbers.random(), "13955550051", "邻居夜间装修。");
        String metrics = Metrics.management().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher labels = java.util.regex.Pattern.compile("\\{[^}]*\\}").matcher(metrics);
        java.util.regex.Pattern number = java.util.regex.Pattern.compile(
                "(?<![0-9A-Za-z])(\\d{17}[0-9Xx]|\\d{15})(?![0-9A-Za-z])|(?<!\\d)1[3-9]\\d{9}(?!\\d)");
        int seen = 0;
        while (labels.find()) {
            seen++;
            assertThat(number.matcher(labels.group()).find()).as("metric labels %s", labels.group()).isFalse();
        }
        assertThat(seen).isPositive();
        assertThat(metrics).contains("gateway_disputes_received_total{source=\"HOTLINE_12345\"");
    }

    private String postWorkOrder(String idNumber, String phone, String content) {
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("fsdz", ADDRESS);
        order.put("sqnr", content);
        order.put("sqr", Map.of("xm", "测试甲", "sfzh", idNumber, "lxdh", phone));
        return given().contentType(ContentType.JSON).body(WorkOrders.json(order))
                .post("/api/v1/sources/hotline/work-orders").then().statusCode(202).extract().path("disputeId");
    }

    private JsonNode message(String handlerId, String disputeId) throws Exception {
        for (TextMessage m : queues.drain("dispute.handler." + handlerId, 5000)) {
            if (disputeId.equals(m.getStringProperty("disputeId"))) {
                return json.readTree(m.getText());
            }
        }
        throw new AssertionError("no message for " + disputeId + " on " + handlerId);
    }

    /** dispute.document as stored, for the given disputes (all of them when null). */
    private Map<String, String> storedDocuments(List<String> ids) throws Exception {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select dispute_id, document from dispute");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (ids == null || ids.contains(rs.getString(1))) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private String storedTitle(String id) throws Exception {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select title from dispute where dispute_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    static String withCheck(String first17) {
        int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }
}
