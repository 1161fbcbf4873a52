package org.fengqiao.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The door in front of the source routes, on a real Vert.x router and HTTP server, with a limit of
 * one. The stand-in route works as Camel's platform-http does: once the body has arrived, the work
 * is queued for a worker thread, which takes up the request ({@code takeUp}) and, once answered,
 * gives it back ({@code workDone}). A request can be held waiting for a worker ({@code X-Hold:
 * worker}) or inside the route ({@code X-Hold: route}). (A Quarkus test cannot hold requests in
 * flight on purpose without a profile of its own.)
 */
class InFlightRequestsTest {

    private static final String PATH = "/api/v1/sources/hotline/work-orders";

    private Vertx vertx;
    private HttpServer server;
    private final InFlightRequests door = new InFlightRequests();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newHttpClient();

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch connectionEnded = new CountDownLatch(1);
    private final Promise<Void> worker = Promise.promise();
    private final CountDownLatch leaveRoute = new CountDownLatch(1);
    private final AtomicInteger worked = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        door.limits = new LimitsConfig() {
            @Override
            public int maxInFlight() {
                return 1;
            }

            @Override
            public int maxConnectionsPerClient() {
                return 0;
            }

            @Override
            public io.quarkus.runtime.configuration.MemorySize maxBodySize() {
                return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(65536));
            }

            @Override
            public double rateLimit() {
                return 0;
            }

            @Override
            public int rateBurst() {
                return 1;
            }
        };
        door.json = new ObjectMapper();
        door.metrics = metrics;
        Router router = Router.router(vertx);
        door.install(router);
        router.post(PATH).handler(BodyHandler.create()).handler(ctx -> {
            String hold = ctx.request().getHeader("X-Hold");
            if (hold != null) {
                // Registered after the door's own: by the time it runs, the door has seen the end too.
                ctx.addEndHandler(done -> connectionEnded.countDown());
            }
            if ("worker".equals(hold)) {
                arrived.countDown();
            }
            HttpServerRequest request = ctx.request();
            ("worker".equals(hold) ? worker.future() : Future.<Void>succeededFuture())
                    .onComplete(free -> vertx.executeBlocking(() -> {
                        if (!door.takeUp(request)) {
                            return 503; // its client has gone: nothing is done
                        }
                        worked.incrementAndGet();
                        if ("route".equals(hold)) {
                            arrived.countDown();
                            leaveRoute.await(10, TimeUnit.SECONDS);
                        }
                        return 202;
                    }, false).onComplete(status -> {
                        if (!ctx.response().closed()) {
                            ctx.response().setStatusCode(status.result()).end();
                        }
                        door.workDone(request);
                    }));
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
        CompletableFuture<HttpResponse<String>> first = post("route");
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = post(null).get(10, TimeUnit.SECONDS);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(second.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"").contains("nothing was stored");
        assertThat(metrics.counter("gateway.requests.turned.away").count()).isEqualTo(1.0);

        leaveRoute.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        awaitTaken();
    }

    @Test
    void aClientThatGivesUpKeepsItsPlaceUntilTheRouteIsDoneWithItsRequest() throws Exception {
        postAndWalkAway("route");

        // The route still works on the abandoned request: no room for another.
        assertThat(post(null).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);

        leaveRoute.countDown();
        awaitTaken();
        assertThat(worked).hasValue(2);
        // the last request's place is given back just after its answer is written
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 0);
    }

    @Test
    void aRequestWhoseClientLeftWhileItWaitedForAWorkerIsDroppedUnworked() throws Exception {
        postAndWalkAway("worker");

        // Queued for a worker, it still counts.
        assertThat(post(null).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);

        worker.complete();
        awaitTaken();
        assertThat(worked).as("only the request after it was worked on").hasValue(1);
        assertThat(metrics.counter("gateway.requests.abandoned").count()).isEqualTo(1.0);
        // the last request's place is given back just after its answer is written
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 0);
    }

    @Test
    void aRequestWhoseBodyNeverArrivedGivesItsPlaceBackWhenItsConnectionEnds() throws Exception {
        try (Socket client = rawPost("route", "{\"half\":", 100)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> inFlight() == 0);
        assertThat(arrived.getCount()).as("the route never saw it").isEqualTo(1);
        awaitTaken();
    }

    /** A client posts, its request is held where {@code hold} says, the client closes its connection. */
    private void postAndWalkAway(String hold) throws Exception {
        try (Socket client = rawPost(hold, "{}", 2)) {
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(connectionEnded.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The place is free again: the next request is worked on (a 503 or two while it frees is fine). */
    private void awaitTaken() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> post(null).get(10, TimeUnit.SECONDS).statusCode() == 202);
    }

    private double inFlight() {
        return metrics.get("gateway.requests.in.flight").gauge().value();
    }

    private CompletableFuture<HttpResponse<String>> post(String hold) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (hold != null) {
            request.header("X-Hold", hold);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client that can walk away: sends the head and {@code body}, declaring {@code length} bytes. */
    private Socket rawPost(String hold, String body, int length) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.actualPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Hold: " + hold + "\r\nContent-Length: " + length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }
}
