package org.fengqiao.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The door in front of the source routes, on a real Vert.x router and HTTP server: with one request
 * in progress and a limit of one, the next is answered 503 problem+json with Retry-After before its
 * route runs; once the first is answered, requests are taken again. (A Quarkus test cannot hold
 * requests in flight on purpose without a profile of its own.)
 */
class InFlightRequestsTest {

    private Vertx vertx;
    private HttpServer server;
    private final InFlightRequests door = new InFlightRequests();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstInRoute = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        door.maxInFlight = 1;
        door.json = new ObjectMapper();
        door.metrics = new SimpleMeterRegistry();
        Router router = Router.router(vertx);
        door.install(router);
        // Stands in for a source route that is still recording its case.
        router.post("/api/v1/sources/hotline/work-orders").handler(ctx -> {
            firstInRoute.countDown();
            vertx.executeBlocking(() -> release.await(10, TimeUnit.SECONDS))
                    .onComplete(done -> ctx.response().setStatusCode(202).end());
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void aRequestBeyondTheLimitIsTurnedAwayAtTheDoorAndTheNextOneAfterIsTaken() throws Exception {
        CompletableFuture<HttpResponse<String>> first = post();
        assertThat(firstInRoute.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = post().get(10, TimeUnit.SECONDS);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(second.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"").contains("nothing was stored");
        assertThat(door.metrics.counter("gateway.requests.turned.away").count()).isEqualTo(1.0);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        assertThat(post().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    private CompletableFuture<HttpResponse<String>> post() {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v1/sources/hotline/work-orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
