package org.fengqiao.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import jakarta.jms.TextMessage;

import io.restassured.http.ContentType;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.HandlerQueues;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README walk-through on the packaged jar, started with the README's run command: post a work
 * order, read it back, take it off the township's queue with a plain JMS client; then restart and
 * post it again. Run once on the embedded defaults and, when GATEWAY_TEST_DB_URL names a
 * PostgreSQL database (CI sets it), once with the ledger on PostgreSQL.
 */
class PackagedGatewayIT {

    static final String DIANKOU_QUEUE = "dispute.handler.330681104";

    @Test
    void walkThroughOnTheEmbeddedDefaults() throws Exception {
        walkThrough("embedded", Map.of());
    }

    @Test
    void walkThroughWithTheLedgerOnPostgreSql() throws Exception {
        String url = System.getenv("GATEWAY_TEST_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "GATEWAY_TEST_DB_URL not set: the PostgreSQL run is skipped (.ci/run sets it)");
        String user = System.getenv().getOrDefault("GATEWAY_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("GATEWAY_TEST_DB_PASSWORD", "");
        String gdbh = walkThrough("postgresql",
                Map.of("GATEWAY_DB_URL", url, "GATEWAY_DB_USER", user, "GATEWAY_DB_PASSWORD", password));
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement(
                        "select status from dispute where source_system = 'HOTLINE_12345' and source_record_id = ?")) {
            s.setString(1, gdbh);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("dispute row in PostgreSQL").isTrue();
                assertThat(rs.getString(1)).isEqualTo("DISPATCHED");
            }
        }
    }

    private String walkThrough(String name, Map<String, String> env) throws Exception {
        Path dataDir = Path.of("target", "it-data", name + "-" + System.nanoTime());
        String gdbh = WorkOrders.newGdbh();
        String body = WorkOrders.json(WorkOrders.valid(gdbh));
        String disputeId;

        try (GatewayProcess gateway = new GatewayProcess(name, dataDir, env).start();
                HandlerQueues township = new HandlerQueues(gateway.brokerUrl())) {
            disputeId = given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/sources/hotline/work-orders")
                    .then().statusCode(202).body("status", equalTo("DISPATCHED"))
                    .extract().jsonPath().getString("disputeId");

            given().baseUri(gateway.baseUrl()).get("/api/v1/disputes/" + disputeId)
                    .then().statusCode(200)
                    .body("dispute.assignment.handlerId", equalTo("330681104"))
                    .body("history.status", equalTo(List.of("RECEIVED", "DISPATCHED")));

            List<TextMessage> messages = township.drain(DIANKOU_QUEUE, 5000);
            assertThat(messages).extracting(m -> m.getStringProperty("disputeId")).containsExactly(disputeId);

            given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/sources/hotline/work-orders")
                    .then().statusCode(200).body("disputeId", equalTo(disputeId));
        }

        // After a restart on the same data: the same work order is still the same dispute, not re-sent.
        try (GatewayProcess gateway = new GatewayProcess(name + "-restarted", dataDir, env).start();
                HandlerQueues township = new HandlerQueues(gateway.brokerUrl())) {
            given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/sources/hotline/work-orders")
                    .then().statusCode(200).body("disputeId", equalTo(disputeId));
            assertThat(township.drain(DIANKOU_QUEUE, 1000)).isEmpty();
        }
        return gdbh;
    }
}
