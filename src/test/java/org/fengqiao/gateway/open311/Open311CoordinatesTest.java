package org.fengqiao.gateway.open311;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.jurisdiction.standard.AddressFileGenerator;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.support.GatewayApi;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.StandardAddressFiles;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Open311 request with only lat/long, resolved through the loaded standard addresses' positions: near
 * an address, to its township's queue; farther than 300 m from every address, to triage; between two
 * townships' addresses at comparable distance (within 50 m of each other), to the county's triage with
 * both townships as candidates. The file is small and its positions are set by hand, in WGS-84.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class Open311CoordinatesTest {

    static final String JINGLING = "330624109"; // 新昌县镜岭镇
    static final String RUAO = "330624110";     // 新昌县儒岙镇
    static final Path WORK = Path.of("target", "standard-addresses");

    static HandlerQueues queues;
    static boolean loaded;
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

    @BeforeEach
    void load() throws Exception {
        if (loaded) return;
        List<String> lines = List.of(AddressFileGenerator.HEADER,
                row("PT-JL-1", "镜岭镇溪西村1组1号", JINGLING, "330624109200", "120.800000", "29.300000"),
                row("PT-JL-2", "镜岭镇溪西村1组2号", JINGLING, "330624109200", "120.800000", "29.300900"),
                row("PT-RA-1", "儒岙镇龙山社区1号", RUAO, "330624110001", "120.800000", "29.310000"),
                // Two townships' addresses 39 m apart, on either side of their boundary.
                row("PT-JL-3", "镜岭镇溪西村9组1号", JINGLING, "330624109200", "120.810000", "29.320000"),
                row("PT-RA-2", "儒岙镇龙山社区99号", RUAO, "330624110001", "120.810400", "29.320000"));
        Path file = WORK.resolve("positions.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        var run = StandardAddressFiles.load(ledger, file);
        assertThat(run.status()).as(run.err()).isEqualTo(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "STANDARD_ADDRESS".equals(given()
                .queryParam("code", "PT-RA-1").get("/api/v1/jurisdiction/resolve").then().extract().path("method")));
        loaded = true;
    }

    static String row(String code, String text, String township, String village, String longitude, String latitude) {
        return String.join(",", code, "浙江省绍兴市新昌县" + text, "330624", township, village, "", "", longitude,
                latitude);
    }

    @Test
    void aPointNearAStandardAddressGoesToItsTownship() throws Exception {
        // 24 m from PT-JL-1, 78 m from PT-JL-2, over a kilometre from 儒岙镇's.
        JsonNode dispute = fileAt("29.300200", "120.800100", JINGLING);
        assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(JINGLING);
        assertThat(dispute.at("/location/standardAddressCode").asText()).isEqualTo("PT-JL-1");
        assertThat(dispute.at("/location/resolution/method").asText()).isEqualTo("STANDARD_ADDRESS");

        // The nearest decides, whichever township it is in.
        dispute = fileAt("29.309500", "120.800000", RUAO);
        assertThat(dispute.at("/location/standardAddressCode").asText()).isEqualTo("PT-RA-1");
    }

    @Test
    void aPointFarFromEveryAddressGoesToTriage() throws Exception {
        // 350 m north of PT-RA-1, the nearest: beyond 300 m.
        JsonNode dispute = fileAt("29.313150", "120.800000", null);
        assertThat(dispute.at("/assignment/handlerId").asText()).endsWith("-TRIAGE");
        assertThat(dispute.at("/location/standardAddressCode").isMissingNode()).isTrue();
        assertThat(dispute.at("/location/address").asText()).isEqualTo("坐标 29.313150,120.800000");
    }

    @Test
    void aPointBetweenTwoTownshipsGoesToTheCountysTriageWithBoth() throws Exception {
        // 19 m from PT-JL-3 and from PT-RA-2: no guess.
        JsonNode dispute = fileAt("29.320000", "120.810200", "330624-TRIAGE");
        assertThat(dispute.at("/location/townshipCode").isMissingNode()).isTrue();
        assertThat(dispute.at("/location/standardAddressCode").isMissingNode()).isTrue();
        assertThat(dispute.at("/location/address").asText())
                .isEqualTo("坐标 29.320000,120.810200（附近：新昌县镜岭镇、新昌县儒岙镇）");
        assertThat(dispute.at("/location/resolution/candidates").findValuesAsText("code"))
                .containsExactly(JINGLING, RUAO);
    }

    /** Files a neighbour dispute at the point; the dispute off the queue it went to (expected, if named). */
    private JsonNode fileAt(String lat, String lon, String expectedHandler) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", Open311Test.VILLAGE_APP);
        form.put("service_code", "NEIGHBOR");
        form.put("description", "邻居在公共通道堆放杂物，多次沟通无果。");
        form.put("lat", lat);
        form.put("long", lon);
        String id = Open311Test.file(form, "json").then().statusCode(201).extract().path("[0].service_request_id");
        String handler = GatewayApi.handler(id);
        if (expectedHandler != null) {
            assertThat(handler).isEqualTo(expectedHandler);
        }
        List<TextMessage> messages = queues.drain("dispute.handler." + handler, 5000);
        for (TextMessage m : messages) {
            if (id.equals(m.getStringProperty("disputeId"))) {
                return json.readTree(m.getText());
            }
        }
        throw new AssertionError("dispute " + id + " not on dispute.handler." + handler);
    }
}
