package org.fengqiao.gateway.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.Metrics;
import org.fengqiao.gateway.support.WireMockSimulators;

/**
 * The door and the routes together: a source request keeps its place at the door while its route
 * works on it, also after its client has gone, and gives it back when the route is done. (Giving
 * it back when the connection closed let a flood of clients that time out pile up work without
 * bound.) The route is a test-only source endpoint that waits until the test lets it go.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class AbandonedRequestTest {

    private static final String IN_FLIGHT = "gateway_requests_in_flight";

    @Inject
    HeldRequests held;
    @TestHTTPResource("/")
    java.net.URL gateway;

    @Test
    void aRequestWhoseClientLeftKeepsItsPlaceUntilItsRouteIsDone() throws Exception {
        held.reset();
        try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /api/v1/sources/grid-worker/held HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Api-Key: dev-grid-worker-api-key\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(held.awaitArrival()).isTrue();
            assertThat(Metrics.value(IN_FLIGHT, "")).isEqualTo(1.0);
        }
        await().atMost(Duration.ofSeconds(10)).until(held::connectionClosed);

        // The client is gone; the route still works on its request, which still counts.
        assertThat(Metrics.value(IN_FLIGHT, "")).isEqualTo(1.0);

        held.letGo();
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(IN_FLIGHT, "") == 0.0);
        assertThat(held.worked()).isEqualTo(1);
    }

    @Test
    void anAnsweredRequestGivesItsPlaceBack() {
        held.reset();
        held.letGo();
        given().contentType("application/json").body("{}").post("/api/v1/sources/grid-worker/held")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.value(IN_FLIGHT, "") == 0.0);
        assertThat(held.worked()).isEqualTo(1);
    }
}
