package org.fengqiao.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.jurisdiction.standard.AddressFileGenerator;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.StandardAddressFiles;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grid's handler (网格员) as co-handler, as config/routing-policy.yaml's {@code grid:} section names
 * it: a hotline work order whose bzdzbm is a loaded standard address with a grid reaches the township's
 * queue naming the grid, and the grid's notice queue gets a notice (taken by the grid handler's own
 * broker user, who can do nothing else); a category the policy does not name, or an address without a
 * grid, tells no grid handler.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class GridCoHandlerTest {

    static final String SHAXI = "330624108"; // 新昌县沙溪镇: no other test sends cases there
    /** The grid of the generated file's first line (沙溪镇's first village, 剡界岭村). */
    static final String GRID = SHAXI + "WG201";
    static final String GRID_HANDLER = "GRID-" + GRID;
    /** Its broker password, configured for the test profile as gateway.handlers."GRID-…".password. */
    static final String GRID_PASSWORD = "test-grid-" + GRID;
    static final Path WORK = Path.of("target", "standard-addresses");

    static HandlerQueues queues;
    static String withGrid;
    static String withoutGrid;
    final ObjectMapper json = new ObjectMapper();

    @Inject
    LedgerDatabase ledger;

    @BeforeAll
    static void connect() throws Exception {
        queues = HandlerQueues.embedded();
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void disconnect() throws Exception {
        queues.close();
    }

    /** 沙溪镇's addresses, the first with its grid, one more without any grid. */
    void load() throws Exception {
        if (withGrid != null) return;
        Path file = WORK.resolve("shaxi.csv");
        new AddressFileGenerator(Gazetteer.loadDefault(), SHAXI).write(file, 40, 3);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        String[] first = lines.get(1).split(",", -1);
        assertThat(first[5]).isEqualTo(GRID);
        String[] gridless = lines.get(2).split(",", -1);
        gridless[0] = "NOGRID" + gridless[0];
        gridless[1] = gridless[1] + "附1号";
        gridless[5] = "";
        gridless[6] = "";
        lines.add(String.join(",", gridless));
        Files.write(file, lines, StandardCharsets.UTF_8);
        var run = StandardAddressFiles.load(ledger, file);
        assertThat(run.status()).as(run.err()).isEqualTo(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "STANDARD_ADDRESS".equals(
                resolve(first[0]).getString("method")));
        withGrid = first[0];
        withoutGrid = gridless[0];
    }

    static JsonPath resolve(String code) {
        return given().queryParam("code", code).get("/api/v1/jurisdiction/resolve").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aGridsAddressTellsTheGridHandlerWhoHoldsNothing() throws Exception {
        load();
        try (HandlerQueues grid = new HandlerQueues(
                "tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626"), GRID_HANDLER, GRID_PASSWORD)) {
            grid.drain("dispute.notice." + GRID_HANDLER, 100);
            JsonNode dispute = post(WorkOrders.valid(WorkOrders.newGdbh()), withGrid); // 邻里纠纷: NEIGHBOR
            String id = dispute.path("disputeId").asText();
            assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");
            assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(SHAXI);
            assertThat(dispute.at("/assignment/gridCode").asText()).isEqualTo(GRID);
            assertThat(dispute.at("/assignment/coHandlerIds").toString()).isEqualTo("[\"" + GRID_HANDLER + "\"]");

            // The grid handler's own broker user takes the notice: a notice, not the dispute.
            List<TextMessage> notices = grid.awaitMessages("dispute.notice." + GRID_HANDLER, 1, 10_000).stream()
                    .map(TextMessage.class::cast).toList();
            assertThat(notices).hasSize(1);
            JsonNode notice = json.readTree(notices.get(0).getText());
            assertThat(notice.path("noticeType").asText()).isEqualTo("CO_HANDLER");
            assertThat(notice.path("disputeId").asText()).isEqualTo(id);
            assertThat(notice.path("handlerId").asText()).isEqualTo(SHAXI);
            assertThat(notice.path("message").asText()).contains("沙溪镇").doesNotContain("测试甲");
            assertThat(notices.get(0).getText()).doesNotContain("parties").doesNotContain("description");

            // The history names the co-handler; the township holds and acts.
            given().get("/api/v1/disputes/" + id).then().statusCode(200);
            List<Map<String, Object>> history = given().get("/api/v1/disputes/" + id).then().extract().jsonPath()
                    .getList("history");
            assertThat(history).anySatisfy(h -> {
                assertThat(h.get("event")).isEqualTo("DISPATCHED");
                assertThat((String) h.get("reason")).contains("网格员协办").contains(GRID_HANDLER);
            });

            // It cannot act: it is on no dispute queue, sends no event, and no staff sign-in is its.
            assertThatThrownBy(() -> grid.drain("dispute.handler." + SHAXI, 100))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> grid.sendEvent("{\"disputeId\":\"" + id + "\",\"type\":\"SIGNED\",\"handlerId\":\""
                    + GRID_HANDLER + "\"}")).isInstanceOf(JMSSecurityException.class);
            given().header(SignedSources.UNSIGNED, "1").auth().preemptive().basic(GRID_HANDLER, GRID_PASSWORD)
                    .get("/api/v1/disputes/" + id).then().statusCode(401);
            // Sent once: nothing more comes in the relay's next rounds.
            assertThat(grid.drain("dispute.notice." + GRID_HANDLER, 3000)).isEmpty();
        }
    }

    @Test
    void aCategoryThePolicyDoesNotNameTellsNoGridHandler() throws Exception {
        load();
        queues.drain("dispute.notice." + GRID_HANDLER, 100);
        Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
        order.put("flmc", "合同纠纷");
        order.put("sqbt", "货款未结清");
        JsonNode dispute = post(order, withGrid);
        assertThat(dispute.at("/category/code").asText()).isEqualTo("CONTRACT");
        assertThat(dispute.at("/assignment/gridCode").asText()).isEqualTo(GRID);
        assertThat(dispute.at("/assignment/coHandlerIds").isEmpty()).isTrue();
        assertThat(queues.drain("dispute.notice." + GRID_HANDLER, 3000)).isEmpty();
    }

    @Test
    void anAddressWithoutAGridTellsNoGridHandler() throws Exception {
        load();
        queues.drain("dispute.notice." + GRID_HANDLER, 100);
        JsonNode dispute = post(WorkOrders.valid(WorkOrders.newGdbh()), withoutGrid);
        assertThat(dispute.at("/category/code").asText()).isEqualTo("NEIGHBOR");
        assertThat(dispute.at("/location/standardAddressCode").asText()).isEqualTo(withoutGrid);
        assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(SHAXI);
        assertThat(dispute.at("/assignment/gridCode").isMissingNode()).isTrue();
        assertThat(dispute.at("/assignment/coHandlerIds").isEmpty()).isTrue();
        assertThat(queues.drain("dispute.notice." + GRID_HANDLER, 3000)).isEmpty();
    }

    /** Posts the work order at the standard address and takes the dispute off 沙溪镇's queue. */
    private JsonNode post(Map<String, Object> order, String standardAddressCode) throws Exception {
        queues.drain("dispute.handler." + SHAXI, 100);
        order.remove("xzqh");
        order.put("fsdz", "村口小卖部旁");
        order.put("bzdzbm", standardAddressCode);
        given().contentType(ContentType.JSON).body(WorkOrders.json(order)).post("/api/v1/sources/hotline/work-orders")
                .then().statusCode(202);
        List<TextMessage> messages = queues.drain("dispute.handler." + SHAXI, 5000);
        assertThat(messages).hasSize(1);
        return json.readTree(messages.get(0).getText());
    }
}
