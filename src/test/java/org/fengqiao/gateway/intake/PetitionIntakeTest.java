package org.fengqiao.gateway.intake;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.routing.CategoryClassifier;
import org.fengqiao.gateway.routing.CategoryDecision;
import org.fengqiao.gateway.support.CanonicalSchema;
import org.fengqiao.gateway.support.ConcurrentPosts;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.PetitionItems;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class PetitionIntakeTest {

    static final String ITEMS = "/api/v1/sources/petition/items";
    static final String FENGQIAO = "330681109"; // 诸暨市枫桥镇
    static final String FENGQIAO_QUEUE = "dispute.handler." + FENGQIAO;

    static HandlerQueues queues;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    DisputeLedger ledger;
    @Inject
    CategoryClassifier categories;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    static Response post(String xml) {
        return post("application/xml;charset=UTF-8", xml);
    }

    static Response post(String contentType, String xml) {
        // Bytes, as the platform sends them (and the test client then leaves the body alone).
        return given().contentType(contentType).body(xml.getBytes(StandardCharsets.UTF_8)).post(ITEMS);
    }

    @Test
    void petitionItemReachesTheTownshipQueueAsASchemaValidCanonicalDispute() throws Exception {
        queues.drain(FENGQIAO_QUEUE, 100);
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh()).set("Unknown", "未知元素被忽略");
        String idNumber = item.petitioners().get(0).get("Zjhm");

        Response accepted = post(item.xml());
        accepted.then().statusCode(202)
                .contentType(startsWith("application/json"))
                .header("Location", matchesPattern("/api/v1/sources/petition/disputes/FQ\\d{16}"))
                .body("status", equalTo("DISPATCHED"));
        String disputeId = accepted.jsonPath().getString("disputeId");
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/sources/petition/disputes/" + disputeId);

        List<TextMessage> messages = queues.drain(FENGQIAO_QUEUE, 5000);
        assertThat(messages).hasSize(1);
        TextMessage message = messages.get(0);
        assertThat(message.getStringProperty("disputeId")).isEqualTo(disputeId);
        assertThat(message.getStringProperty("sourceSystem")).isEqualTo("PETITION");
        assertThat(message.getStringProperty("categoryCode")).isEqualTo("FOREST_LAND");
        assertThat(message.getStringProperty("urgency")).isEqualTo("NORMAL");
        assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);

        String schema = given().get("/api/v1/schemas/canonical-dispute-v1.json").then().statusCode(200)
                .extract().asString();
        assertThat(CanonicalSchema.fromServedText(schema).problems(message.getText())).isEmpty();

        JsonNode dispute = json.readTree(message.getText());
        assertThat(dispute.at("/source/system").asText()).isEqualTo("PETITION");
        assertThat(dispute.at("/source/recordId").asText()).isEqualTo(item.xfjbh());
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("信访-来访");
        assertThat(dispute.at("/source/receivedAt").asText()).endsWith("+08:00");
        assertThat(dispute.at("/occurredAt").asText()).isEqualTo("2026-11-29T09:30:00+08:00");
        assertThat(dispute.at("/category/code").asText()).isEqualTo("FOREST_LAND");
        assertThat(dispute.at("/category/sourceName").asText()).isEqualTo("山林土地");
        assertThat(dispute.at("/category/rule").asText()).isEqualTo("table PETITION: 山林土地");
        assertThat(dispute.has("appealType")).isFalse();
        assertThat(dispute.at("/title").asText()).startsWith("反映本村与邻村之间的山林地界").endsWith("…");
        assertThat(dispute.at("/description").asText())
                .isEqualTo("反映本村与邻村之间的山林地界多年不清，双方村民多次发生争执，请求政府组织勘界确权。");
        assertThat(dispute.at("/claims").asText()).isEqualTo("请求依法确定山林地界，制止对方砍伐");
        assertThat(dispute.at("/urgency").asText()).isEqualTo("NORMAL");
        assertThat(dispute.at("/personCount").asInt()).isEqualTo(1);
        assertThat(dispute.at("/location/address").asText()).isEqualTo("浙江省绍兴市诸暨市枫桥镇枫源村");
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(FENGQIAO);
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(FENGQIAO);
        assertThat(dispute.at("/assignment/handlerName").asText()).isEqualTo("诸暨市枫桥镇");
        assertThat(dispute.at("/assignment/reason").asText()).startsWith("township-of-jurisdiction");
        // 办理期限 2027-01-28 is the whole of that day, local time.
        assertThat(dispute.at("/assignment/dueAt").asText()).isEqualTo("2027-01-28T23:59:59+08:00");
        assertThat(dispute.at("/risk/level").asText()).isEqualTo("LOW");
        assertThat(dispute.at("/risk/flags")).isEmpty();
        assertThat(dispute.at("/parties")).hasSize(1);
        assertThat(dispute.at("/parties/0/role").asText()).isEqualTo("APPLICANT");
        assertThat(dispute.at("/parties/0/name").asText()).isEqualTo("测试甲");
        assertThat(dispute.at("/parties/0/idNumber").asText()).isEqualTo(idNumber);
        assertThat(dispute.at("/parties/0/phone").asText()).isEqualTo("13900002222");
        assertThat(dispute.at("/parties/0/address").asText()).isEqualTo("诸暨市枫桥镇枫源村12号");

        given().get("/api/v1/disputes/" + disputeId).then().statusCode(200)
                .body("dispute.source.system", equalTo("PETITION"))
                .body("history.status", equalTo(List.of("RECEIVED", "DISPATCHED")))
                .body("history[0].actor", equalTo("PETITION"));
    }

    @Test
    void aGroupPetitionCarriesTheGroupFlagTheCountAndEveryPetitioner() throws Exception {
        queues.drain(FENGQIAO_QUEUE, 100);
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh()).set("Rs", "6").set("Xfxs", "来信")
                .petitioner("测试乙", PetitionItems.newIdNumber(), null, null)
                .petitioner("测试丙", PetitionItems.newIdNumber(), "13900003333", "诸暨市枫桥镇枫源村15号");
        String id = post(item.xml()).then().statusCode(202).extract().jsonPath().getString("disputeId");

        List<TextMessage> messages = queues.drain(FENGQIAO_QUEUE, 5000);
        assertThat(messages).extracting(m -> m.getStringProperty("disputeId")).containsExactly(id);
        JsonNode dispute = json.readTree(messages.get(0).getText());
        assertThat(dispute.at("/source/channel").asText()).isEqualTo("信访-来信");
        assertThat(dispute.at("/personCount").asInt()).isEqualTo(6);
        assertThat(dispute.at("/risk/level").asText()).isEqualTo("MEDIUM");
        assertThat(dispute.at("/risk/flags").toString()).isEqualTo("[\"GROUP\"]");
        assertThat(dispute.at("/parties").findValuesAsText("name")).containsExactly("测试甲", "测试乙", "测试丙");
        assertThat(dispute.at("/parties").findValuesAsText("role")).containsOnly("APPLICANT");
        assertThat(dispute.at("/parties/1/idNumber").asText()).isEqualTo(item.petitioners().get(1).get("Zjhm"));
        assertThat(dispute.at("/parties/1").has("phone")).isFalse();

        // Without 人数 the count is the petitioners listed; five of them are a group petition too.
        PetitionItems five = PetitionItems.valid(PetitionItems.newXfjbh()).without("Rs");
        for (String name : List.of("测试乙", "测试丙", "测试丁", "测试戊")) {
            five.petitioner(name, PetitionItems.newIdNumber(), null, null);
        }
        String fiveId = post(five.xml()).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + fiveId).then().statusCode(200)
                .body("dispute.personCount", equalTo(5))
                .body("dispute.risk.flags", equalTo(List.of("GROUP")))
                .body("dispute.parties", hasSize(5));

        PetitionItems four = PetitionItems.valid(PetitionItems.newXfjbh()).set("Rs", "4");
        String fourId = post(four.xml()).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + fourId).then().statusCode(200)
                .body("dispute.personCount", equalTo(4))
                .body("dispute.risk.level", equalTo("LOW"))
                .body("dispute.risk.flags", hasSize(0));
        queues.drain(FENGQIAO_QUEUE, 2000);
    }

    @Test
    void timesAreTakenWithTheirOffsetAndTextXmlIsAccepted() throws Exception {
        queues.drain(FENGQIAO_QUEUE, 100);
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh()).set("Djsj", "2026-11-29T01:30:00Z")
                .without("Blqx", "Sqqq", "Nrfl");
        String id = post("text/xml; charset=UTF-8", item.xml()).then().statusCode(202).extract().jsonPath()
                .getString("disputeId");
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.occurredAt", equalTo("2026-11-29T09:30:00+08:00"))
                .body("dispute.claims", equalTo(null))
                // No 内容分类: the keyword rules read the content (山林 → forest and land).
                .body("dispute.category.code", equalTo("FOREST_LAND"))
                .body("dispute.category.rule", startsWith("keyword forest-land"));
        assertThat(queues.drain(FENGQIAO_QUEUE, 5000)).hasSize(1);
    }

    @Test
    void aBodyThatIsNotXmlIsRefused() throws Exception {
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh());
        int before = queues.depth(FENGQIAO_QUEUE);
        int status = post("application/json", "{\"Xfjbh\": \"" + item.xfjbh() + "\"}").statusCode();
        assertThat(status).isEqualTo(415);
        assertThat(ledger.findBySourceRecord("PETITION", item.xfjbh())).isEmpty();
        assertThat(queues.depth(FENGQIAO_QUEUE)).isEqualTo(before);
    }

    @Test
    void aRepostedItemIsTheSameDisputeAndIsNotSentAgain() throws Exception {
        queues.drain(FENGQIAO_QUEUE, 100);
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh());
        String first = post(item.xml()).then().statusCode(202).extract().jsonPath().getString("disputeId");

        item.set("Zynr", "第二次推送，内容略有不同。");
        post(item.xml()).then().statusCode(200)
                .header("Location", "/api/v1/sources/petition/disputes/" + first)
                .body("disputeId", equalTo(first));

        assertThat(queues.drain(FENGQIAO_QUEUE, 2000)).hasSize(1);
    }

    @Test
    void concurrentDuplicatePostsMakeOneDisputeAndOneMessage() throws Exception {
        queues.drain(FENGQIAO_QUEUE, 100);
        String body = PetitionItems.valid(PetitionItems.newXfjbh()).xml();
        ConcurrentPosts.oneDisputeOf(10, () -> post(body));
        assertThat(queues.drain(FENGQIAO_QUEUE, 2000)).hasSize(1);
    }

    @Test
    void malformedXmlIsRejectedWithItsPositionOnly() throws Exception {
        String xfjbh = PetitionItems.newXfjbh();
        String broken = "<XfItem>\n  <Xfjbh>" + xfjbh + "</Xfjbh>\n  <Zynr>机密的信访内容</Zynr\n</XfItem>";
        Response refused = assertRejected(broken, xfjbh, "$");
        assertThat(refused.jsonPath().getString("errors[0].message"))
                .matches("is not well-formed XML at line \\d+, column \\d+");
        assertThat(refused.asString()).doesNotContain("机密").doesNotContain(xfjbh);

        assertRejected("", xfjbh, "$");
        assertRejected("{\"Xfjbh\": \"" + xfjbh + "\"}", xfjbh, "$");
        assertRejected(PetitionItems.valid(xfjbh).xml() + "<XfItem/>", xfjbh, "$");
        assertRejected(PetitionItems.valid(xfjbh).xml().replace("<Zynr>", "<Zynr>&nbsp;"), xfjbh, "$");
    }

    @Test
    void theRootElementMustBeXfItem() throws Exception {
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh());
        String other = item.xml().replace("<XfItem>", "<XfJg>").replace("</XfItem>", "</XfJg>");
        Response refused = assertRejected(other, item.xfjbh(), "$");
        assertThat(refused.jsonPath().getString("errors[0].message")).contains("<XfItem>");
    }

    @Test
    void everyMissingRequiredFieldIsNamed() throws Exception {
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh())
                .without("Xfxs", "Djsj", "Wtsd", "Zynr", "Xfrs")
                .set("Whatever", "unknown elements are ignored");
        assertRejected(item.xml(), item.xfjbh(), "Djsj", "Wtsd", "Xfrs", "Xfxs", "Zynr");

        // An empty element is an absent value: <Xfrs> holding only an empty <Xfr/> lists no petitioner.
        PetitionItems empty = PetitionItems.valid(PetitionItems.newXfjbh()).set("Zynr", "").noPetitioners();
        assertRejected(empty.xml().replace("<Xfrs>\n  </Xfrs>", "<Xfrs><Xfr/></Xfrs>"), empty.xfjbh(),
                "Xfrs", "Zynr");

        PetitionItems anonymous = PetitionItems.valid(PetitionItems.newXfjbh())
                .petitioner(Map.of("Lxdh", "13900004444"));
        assertRejected(anonymous.xml(), anonymous.xfjbh(), "Xfrs.Xfr[1].Xm");

        assertRejected(PetitionItems.valid("").xml(), "", "Xfjbh");
    }

    @Test
    void badValuesAndImpossibleDatesAreNamed() throws Exception {
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh())
                .set("Xfxs", "上访")                              // not a 信访形式
                .set("Djsj", "2026-02-30T09:30:00+08:00")         // no such day
                .set("Rs", "0")                                    // not a positive integer
                .set("Blqx", "2026-02-30")                        // no such day
                .petitioner("测".repeat(101), PetitionItems.newIdNumber(), null, null)
                .petitioner(Map.of("Zjhm", PetitionItems.newIdNumber()));
        assertRejected(item.xml(), item.xfjbh(), "Blqx", "Djsj", "Rs", "Xfrs.Xfr[1].Xm", "Xfrs.Xfr[2].Xm", "Xfxs");

        PetitionItems forms = PetitionItems.valid(PetitionItems.newXfjbh())
                .set("Djsj", "2026-11-29 09:30:00")               // no offset
                .set("Rs", "六")
                .set("Blqx", "2027/01/28");
        String xml = forms.xml().replace("<Zynr>", "<Zynr><b>加粗</b>");   // an element, not text
        assertRejected(xml, forms.xfjbh(), "Blqx", "Djsj", "Rs", "Zynr");

        PetitionItems textPetitioner = PetitionItems.valid(PetitionItems.newXfjbh());
        String single = textPetitioner.xml().replaceAll("(?s)<Xfrs>.*</Xfrs>", "<Xfrs><Xfr>测试甲</Xfr></Xfrs>");
        assertRejected(single, textPetitioner.xfjbh(), "Xfrs.Xfr[0]");
    }

    @Test
    void overLongFieldsAreRejected() throws Exception {
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh()).set("Zynr", "访".repeat(4001));
        assertRejected(item.xml(), item.xfjbh(), "Zynr");

        PetitionItems longNumber = PetitionItems.valid("X" + "1".repeat(64));
        assertRejected(longNumber.xml(), longNumber.xfjbh(), "Xfjbh");

        PetitionItems atLimit = PetitionItems.valid(PetitionItems.newXfjbh()).set("Zynr", "访".repeat(4000));
        post(atLimit.xml()).then().statusCode(202);
        queues.drain(FENGQIAO_QUEUE, 2000);
    }

    @Test
    void xxeThroughAFileEntityReadsNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "XXE-SECRET-MARKER");
        for (String target : List.of("file:///etc/passwd", secret.toUri().toString())) {
            String xfjbh = PetitionItems.newXfjbh();
            String attack = "<?xml version=\"1.0\"?>\n<!DOCTYPE XfItem [<!ENTITY xxe SYSTEM \"" + target + "\">]>\n"
                    + PetitionItems.valid(xfjbh).xml().replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")
                            .replace("<Zynr>", "<Zynr>&xxe;");
            Response refused = assertRejected(attack, xfjbh, "$");
            assertThat(refused.jsonPath().getString("errors[0].message")).contains("DOCTYPE");
            assertThat(refused.asString()).doesNotContain("XXE-SECRET-MARKER").doesNotContain("root:");
        }
    }

    @Test
    void xxeThroughHttpOpensNoConnection() throws Exception {
        String xxe = "http://127.0.0.1:" + WireMockSimulators.server().port() + "/xxe";
        List<String> attacks = List.of(
                // a general entity
                "<!DOCTYPE XfItem [<!ENTITY xxe SYSTEM \"" + xxe + "\">]>",
                // a parameter entity, the out-of-band variant
                "<!DOCTYPE XfItem [<!ENTITY % remote SYSTEM \"" + xxe + "-param\"> %remote;]>",
                // an external DTD
                "<!DOCTYPE XfItem SYSTEM \"" + xxe + "-dtd\">",
                "<!DOCTYPE XfItem PUBLIC \"-//XF//Item//ZH\" \"" + xxe + "-public\">");
        for (String doctype : attacks) {
            String xfjbh = PetitionItems.newXfjbh();
            String attack = doctype + "\n" + PetitionItems.valid(xfjbh).xml()
                    .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")
                    .replace("<Zynr>", doctype.contains("ENTITY xxe") ? "<Zynr>&xxe;" : "<Zynr>");
            assertRejected(attack, xfjbh, "$");
        }
        assertThat(WireMockSimulators.server().findAll(anyRequestedFor(urlPathMatching("/xxe.*")))).isEmpty();
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() throws Exception {
        String xfjbh = PetitionItems.newXfjbh();
        StringBuilder doctype = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE XfItem [\n")
                .append("  <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            doctype.append("  <!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        doctype.append("]>\n");
        String attack = doctype + PetitionItems.valid(xfjbh).xml()
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "").replace("<Zynr>", "<Zynr>&lol9;");
        long started = System.nanoTime();
        Response refused = assertRejected(attack, xfjbh, "$");
        assertThat(refused.jsonPath().getString("errors[0].message")).contains("DOCTYPE");
        assertThat(refused.asString()).doesNotContain("lollol");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void nrflTableMapsThePlatformsContentClasses() {
        record Row(String nrfl, String content, Category category, String rule) {
        }
        String plain = "反映情况，请求处理。";
        List<Row> rows = List.of(
                new Row("山林土地", plain, Category.FOREST_LAND, "table PETITION: 山林土地"),
                new Row("征地拆迁", plain, Category.LAND_ACQ_DEMOLITION, "table PETITION: 征地拆迁"),
                new Row("劳动社保", plain, Category.LABOR, "table PETITION: 劳动社保"),
                new Row("环境保护", plain, Category.ENVIRONMENT, "table PETITION: 环境保护"),
                new Row("婚姻家庭", plain, Category.MARRIAGE_FAMILY, "table PETITION: 婚姻家庭"),
                new Row("邻里纠纷", plain, Category.NEIGHBOR, "table PETITION: 邻里纠纷"),
                new Row("医疗纠纷", plain, Category.MEDICAL, "table PETITION: 医疗纠纷"),
                new Row("交通事故", plain, Category.TRAFFIC_ACCIDENT, "table PETITION: 交通事故"),
                new Row("物业管理", plain, Category.PROPERTY_MGMT, "table PETITION: 物业管理"),
                new Row("宅基地纠纷", plain, Category.HOUSING_HOMESTEAD, "table PETITION: 宅基地纠纷"),
                // The broad classes are read from the content by the keyword rules.
                new Row("城乡建设", "小区业委会账目不公开。", Category.PROPERTY_MGMT, "keyword property-management: 业委会"),
                new Row("医疗卫生", "在卫生院输液后出现过敏反应。", Category.MEDICAL, "keyword medical: 卫生院"),
                new Row("交通运输", "村道修建占用承包地未补偿。", Category.FOREST_LAND, "keyword forest-land: 承包地"),
                new Row("农村农业", "养殖场拖欠工资三个月。", Category.LABOR, "keyword labor: 工资"),
                new Row("民政", "申请低保未获批准。", Category.OTHER, "default"),
                new Row("涉法涉诉", "不服法院判决。", Category.OTHER, "default"));
        for (Row row : rows) {
            CategoryDecision decision = categories.classify("PETITION", null, row.nrfl(), null, row.content());
            assertThat(decision.category()).as(row.nrfl()).isEqualTo(row.category());
            assertThat(decision.rule()).as(row.nrfl()).isEqualTo(row.rule());
        }
        assertThat(categories.classify("PETITION", null, "涉法涉诉", null, plain).riskFlags())
                .containsExactly("LITIGATION_RELATED");
        assertThat(categories.classify("PETITION", null, "山林土地", null, plain).riskFlags()).isEmpty();
    }

    @Test
    void theCategoryTableDecidesTheHandler() throws Exception {
        // 劳动社保 goes to the county's labour arbitration, whatever township the matter is in.
        PetitionItems item = PetitionItems.valid(PetitionItems.newXfjbh()).set("Nrfl", "劳动社保")
                .set("Zynr", "厂里拖欠我们三个月的钱，老板一直不见人。").set("Xfxs", "网上");
        String id = post(item.xml()).then().statusCode(202).extract().jsonPath().getString("disputeId");
        given().get("/api/v1/disputes/" + id).then().statusCode(200)
                .body("dispute.category.code", equalTo("LABOR"))
                .body("dispute.category.rule", equalTo("table PETITION: 劳动社保"))
                .body("dispute.assignment.handlerId", equalTo("330681-LABOR-ARBITRATION"));
        assertThat(queues.drain("dispute.handler.330681-LABOR-ARBITRATION", 5000))
                .extracting(m -> m.getStringProperty("disputeId")).contains(id);
    }

    @Test
    void thePetitionSchemaIsPublished() throws Exception {
        String schema = given().get("/api/v1/schemas/sources/petition-item.json").then().statusCode(200)
                .contentType(startsWith("application/schema+json")).extract().asString();
        assertThat(json.readTree(schema).get("required").toString())
                .isEqualTo("[\"Xfjbh\",\"Xfxs\",\"Djsj\",\"Xfrs\",\"Wtsd\",\"Zynr\"]");
    }

    /** 400 problem details naming exactly these fields; nothing stored, nothing on the township's queue. */
    private Response assertRejected(String xml, String xfjbh, String... fields) throws Exception {
        int before = queues.depth(FENGQIAO_QUEUE);
        Response response = post(xml);
        response.then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/invalid-request"))
                .body("code", equalTo("INVALID_REQUEST"))
                .body("instance", equalTo(ITEMS))
                .body("errors", hasSize(fields.length))
                .body("errors.field", equalTo(List.of(fields)));
        if (!xfjbh.isEmpty()) {
            assertThat(ledger.findBySourceRecord("PETITION", xfjbh)).isEmpty();
        }
        assertThat(queues.depth(FENGQIAO_QUEUE)).isEqualTo(before);
        return response;
    }
}
