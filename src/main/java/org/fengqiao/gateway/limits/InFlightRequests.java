package org.fengqiao.gateway.limits;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.problem.Problem;

/**
 * Admission at the door: at most {@code gateway.limits.max-in-flight} source requests are being
 * worked on at once; one more is answered 503 with Retry-After on the event loop, before its body
 * is handed to a worker thread.
 *
 * <p>Every other limit acts once a worker thread runs the route. When more arrives than the ledger
 * and broker take, requests queue for those threads, without bound and each with its body and
 * buffers, and a long enough overload ran the heap out. Counting here bounds that memory whatever
 * the offered load; nothing is recorded for a refused request, so a retry is safe.
 */
@ApplicationScoped
public class InFlightRequests {

    private static final String SOURCES = "/api/v1/sources/*";

    private final AtomicInteger inFlight = new AtomicInteger();
    private Counter turnedAway;
    private String refusal;

    @ConfigProperty(name = "gateway.limits.max-in-flight")
    int maxInFlight;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;

    void install(@Observes Router router) throws JsonProcessingException {
        turnedAway = metrics.counter("gateway.requests.turned.away");
        refusal = json.writeValueAsString(Problem.unavailable(
                "more requests in progress than the gateway takes at once; nothing was stored", null));
        // Before the body is read and handed to a worker thread.
        router.route(SOURCES).order(RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            turnedAway.increment();
            ctx.response().setStatusCode(503).putHeader("Retry-After", "1")
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8").end(refusal);
            return;
        }
        ctx.addEndHandler(done -> inFlight.decrementAndGet());
        ctx.next();
    }
}
