package org.fengqiao.gateway.jurisdiction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Test;

/**
 * A deployment for another city is one setting: the packaged gateway started with
 * {@code GATEWAY_JURISDICTION_REGION=3301} (杭州市) and nothing else changed routes a hotline work order
 * about 西湖区翠苑街道 to that township's queue, and calls a Shaoxing address another region (its own
 * desk, {@code 3301-TRIAGE}). A process of its own rather than a Quarkus test profile: the setting is
 * read at start, and the packaged jar is what a deployment runs.
 */
class RegionDeploymentIT {

    static final String CUIYUAN = "330106005";

    @Test
    void aDeploymentForHangzhouRoutesAHangzhouWorkOrderToItsTownship() throws Exception {
        Path data = Path.of("target", "it-data", "region-hangzhou-" + System.nanoTime());
        try (GatewayProcess hangzhou = new GatewayProcess("region-hangzhou", data,
                Map.of("GATEWAY_JURISDICTION_REGION", "3301")).start();
                HandlerQueues township = new HandlerQueues(hangzhou.brokerUrl(), CUIYUAN, "dev-" + CUIYUAN)) {
            Map<String, Object> order = WorkOrders.valid(WorkOrders.newGdbh());
            order.put("fsdz", "浙江省杭州市西湖区翠苑街道文三路90号");
            order.put("xzqh", "330106");
            order.put("sqnr", "西湖区翠苑街道某小区邻居连续一周夜间装修，多次沟通无果，请求协调。");
            order.put("dfr", List.of(Map.of("xm", "测试乙", "dz", "文三路92号")));
            String disputeId = post(hangzhou, order).then().statusCode(202)
                    .body("status", equalTo("DISPATCHED")).extract().jsonPath().getString("disputeId");

            List<TextMessage> delivered = township.drain("dispute.handler." + CUIYUAN, 10_000);
            assertThat(delivered).extracting(m -> m.getStringProperty("disputeId")).containsExactly(disputeId);
            JsonNode dispute = new ObjectMapper().readTree(delivered.get(0).getText());
            assertThat(dispute.at("/location/townshipCode").asText()).isEqualTo(CUIYUAN);
            assertThat(dispute.at("/location/countyCode").asText()).isEqualTo("330106");
            assertThat(dispute.at("/location/resolution/method").asText()).isEqualTo("TOWNSHIP_NAME");
            assertThat(dispute.at("/assignment/handlerId").asText()).isEqualTo(CUIYUAN);
            assertThat(dispute.at("/assignment/handlerName").asText()).isEqualTo("西湖区翠苑街道");

            // The default deployment's own walk-through address is elsewhere for this one.
            given().baseUri(hangzhou.baseUrl()).queryParam("address", "浙江省绍兴市诸暨市店口镇解放路18号")
                    .get("/api/v1/jurisdiction/resolve").then().statusCode(200)
                    .body("method", equalTo("OUTSIDE_REGION")).body("handlerId", equalTo("3301-TRIAGE"));
        }
    }

    @Test
    void aRegionNotInTheBuildStopsTheStartNamingTheSetting() throws Exception {
        String name = "region-not-built";
        String log = new GatewayProcess(name, Path.of("target", "it-data", name + "-" + System.nanoTime()),
                Map.of("GATEWAY_JURISDICTION_REGION", "3201")).startExpectingRefusal();
        assertThat(log).contains("gateway.jurisdiction.region = '3201': no gazetteer for city 3201 in this build")
                .contains("scripts/generate-gazetteer.mjs 32");
        assertThat(log).doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
    }

    private static Response post(GatewayProcess gateway, Map<String, Object> order) {
        byte[] body = WorkOrders.json(order).getBytes(StandardCharsets.UTF_8);
        return given().baseUri(gateway.baseUrl()).header(SignedSources.UNSIGNED, "1")
                .headers(SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, Instant.now()))
                .contentType("application/json;charset=UTF-8").body(body)
                .post("/api/v1/sources/hotline/work-orders");
    }
}
