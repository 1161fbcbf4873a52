package org.fengqiao.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.restassured.response.ValidatableResponse;
import org.fengqiao.gateway.support.GatewayProcess;
import org.fengqiao.gateway.support.SignedSources;
import org.fengqiao.gateway.support.WorkOrders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A signed request captured and sent again within the replay window is refused, also after the
 * gateway restarted (stopped, or killed once its nonce had reached the ledger's file) and at another
 * instance on the same ledger (PostgreSQL, when GATEWAY_TEST_DB_URL names one): the seen nonces are
 * the ledger's, not one process's memory.
 */
class ReplayAfterRestartIT {

    static final String WORK_ORDERS = "/api/v1/sources/hotline/work-orders";
    static final String REPLAY = "the request was already received (replay)";

    @Test
    void aReplayAfterARestartIsRefused() throws Exception {
        Path dataDir = Path.of("target", "it-data", "replay-" + System.nanoTime());
        byte[] stopped = body();
        Map<String, String> stoppedHeaders = signed(stopped);
        byte[] killed = body();
        Map<String, String> killedHeaders = signed(killed);

        GatewayProcess first = new GatewayProcess("replay-first", dataDir, Map.of()).start();
        try {
            send(first, stopped, stoppedHeaders).statusCode(202);
        } finally {
            first.stop();
        }

        GatewayProcess second = new GatewayProcess("replay-after-stop", dataDir, Map.of()).start();
        try {
            send(second, stopped, stoppedHeaders).statusCode(401).body("detail", equalTo(REPLAY));
            send(second, killed, killedHeaders).statusCode(202);
            // The ledger's file has the nonce within H2's write delay (half a second) and on the disk
            // at the next checkpoint of the ledger journal (one second).
            Thread.sleep(2_000);
        } finally {
            second.kill();
        }

        try (GatewayProcess third = new GatewayProcess("replay-after-kill", dataDir, Map.of()).start()) {
            send(third, killed, killedHeaders).statusCode(401).body("detail", equalTo(REPLAY));
            send(third, stopped, stoppedHeaders).statusCode(401).body("detail", equalTo(REPLAY));
        }
    }

    @Test
    void twoInstancesOnOneLedgerShareTheirNonces() throws Exception {
        String url = System.getenv("GATEWAY_TEST_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "GATEWAY_TEST_DB_URL not set: the two-instance run needs PostgreSQL (.ci/run sets it)");
        Map<String, String> env = Map.of("GATEWAY_DB_URL", url,
                "GATEWAY_DB_USER", System.getenv().getOrDefault("GATEWAY_TEST_DB_USER", "postgres"),
                "GATEWAY_DB_PASSWORD", System.getenv().getOrDefault("GATEWAY_TEST_DB_PASSWORD", ""));
        byte[] body = body();
        Map<String, String> headers = signed(body);
        try (GatewayProcess a = new GatewayProcess("replay-shared-a", Path.of("target", "it-data",
                "replay-shared-a-" + System.nanoTime()), env).start();
                GatewayProcess b = new GatewayProcess("replay-shared-b", Path.of("target", "it-data",
                        "replay-shared-b-" + System.nanoTime()), env).start()) {
            send(a, body, headers).statusCode(202);
            send(b, body, headers).statusCode(401).body("detail", equalTo(REPLAY));
            send(a, body, headers).statusCode(401).body("detail", equalTo(REPLAY));
        }
    }

    private static byte[] body() {
        return WorkOrders.json(WorkOrders.valid(WorkOrders.newGdbh())).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> signed(byte[] body) {
        return SignedSources.headers("HOTLINE_12345", "dev-hotline-secret", body, Instant.now());
    }

    private static ValidatableResponse send(GatewayProcess gateway, byte[] body, Map<String, String> headers) {
        return given().baseUri(gateway.baseUrl()).header(SignedSources.UNSIGNED, "1").headers(headers)
                .contentType("application/json;charset=UTF-8").body(body).post(WORK_ORDERS).then();
    }
}
