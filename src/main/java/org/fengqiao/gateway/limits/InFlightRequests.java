package org.fengqiao.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.fengqiao.gateway.problem.Problem;
import org.fengqiao.gateway.problem.ProblemTexts;

/**
 * Admission at the door: at most {@code gateway.limits.max-in-flight} source requests are being
 * worked on at once; one more is answered 503 with Retry-After on the event loop, before its body
 * is read and handed to a worker thread.
 *
 * <p>Every other limit acts once a worker thread runs the route. When more arrives than the ledger
 * and broker take, requests queue for those threads, without bound and each with its body and
 * buffers, and a long enough overload ran the heap out. Counting here bounds that memory whatever
 * the offered load; nothing is recorded for a refused request, so a retry is safe.
 *
 * <p>A place is held until the route is done with the request, not until the connection ends: a
 * client that gives up (a timeout in a flood) leaves its request waiting for, or running on, a
 * worker thread, and giving its place to the next client then let the work in progress grow without
 * bound. So a request whose client has gone keeps its place until the route takes it up, and the
 * route then refuses it before any work ({@link #enter}): nothing is stored, the client retries.
 * Only a request that can no longer reach its route (its body never arrived, or it was answered
 * without the route) gives its place back when the connection ends.
 */
@ApplicationScoped
public class InFlightRequests {

    private static final String SOURCES = "/api/v1/sources/*";

    private final AtomicInteger inFlight = new AtomicInteger();
    /** The places of admitted requests, by request (Camel's HTTP message carries the same object). */
    private final Map<HttpServerRequest, Place> places = new ConcurrentHashMap<>();
    private Counter turnedAway;
    private Counter abandoned;
    private String refusal;
    private String refusalInChinese;

    @Inject
    LimitsConfig limits;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;

    void install(@Observes Router router) throws JsonProcessingException {
        turnedAway = metrics.counter("gateway.requests.turned.away");
        abandoned = metrics.counter("gateway.requests.abandoned");
        metrics.gauge("gateway.requests.in.flight", inFlight);
        var busy = new org.fengqiao.gateway.problem.Text("limits.busy");
        refusal = json.writeValueAsString(Problem.unavailable(java.util.Locale.ROOT, busy, null));
        refusalInChinese = json.writeValueAsString(Problem.unavailable(ProblemTexts.CHINESE, busy, null));
        // Before the body is read and handed to a worker thread.
        router.route(SOURCES).order(RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        if (inFlight.incrementAndGet() > limits.maxInFlight()) {
            inFlight.decrementAndGet();
            turnedAway.increment();
            ctx.response().setStatusCode(503).putHeader("Retry-After", "1")
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8")
                    .end(ProblemTexts.CHINESE.equals(ProblemTexts.choose(ctx.request().getHeader("Accept-Language")))
                            ? refusalInChinese : refusal);
            return;
        }
        HttpServerRequest request = ctx.request();
        Place place = new Place();
        places.put(request, place);
        ctx.addEndHandler(done -> {
            // Called on the answer's end, the connection's close or its failure, whichever is first.
            // Once the whole body has arrived the route's work is queued for a worker thread, and it
            // will run unless an answer was already given without it.
            boolean routeWillRun = request.isEnded() && !ctx.response().ended();
            if (place.connectionEnded(routeWillRun)) {
                release(request);
            }
        });
        ctx.next();
    }

    /**
     * The first step of every source route, on its worker thread: the request takes up its place
     * until the exchange is done; a request whose client has already gone is refused before any work.
     */
    public void enter(Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http)) {
            return; // not an HTTP request
        }
        HttpServerRequest request = http.getRequest();
        if (!takeUp(request)) {
            throw new AbandonedRequestException();
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                workDone(request);
            }
        });
    }

    /**
     * The route starts on a request. False when it was admitted and its client has already gone: the
     * place is given back and the route must do nothing. (True for one that did not come through the
     * door, e.g. on another path.)
     */
    boolean takeUp(HttpServerRequest request) {
        Place place = places.get(request);
        if (place == null || place.takeUp()) {
            return true;
        }
        abandoned.increment();
        release(request);
        return false;
    }

    /** The route is done with a request it took up: its place is free. */
    void workDone(HttpServerRequest request) {
        Place place = places.get(request);
        if (place != null && place.workDone()) {
            release(request);
        }
    }

    private void release(HttpServerRequest request) {
        if (places.remove(request) != null) {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Where one admitted request is. The event loop (connection ended) and a worker thread (route
     * takes it up, route done) race for it; whichever moves it to RELEASED gives the place back.
     */
    static final class Place {

        private enum Stage { WAITING, ABANDONED, WORKING, RELEASED }

        private Stage stage = Stage.WAITING;

        synchronized boolean connectionEnded(boolean routeWillRun) {
            if (stage != Stage.WAITING) {
                return false; // the route holds it, or it is released already
            }
            stage = routeWillRun ? Stage.ABANDONED : Stage.RELEASED;
            return stage == Stage.RELEASED;
        }

        /** False only for a request whose client left while it waited: it is released now. */
        synchronized boolean takeUp() {
            if (stage == Stage.ABANDONED) {
                stage = Stage.RELEASED;
                return false;
            }
            if (stage == Stage.WAITING) {
                stage = Stage.WORKING;
            }
            return true;
        }

        synchronized boolean workDone() {
            if (stage != Stage.WORKING) {
                return false;
            }
            stage = Stage.RELEASED;
            return true;
        }
    }
}
