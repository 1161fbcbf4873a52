package org.fengqiao.gateway.limits;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * At most {@code gateway.limits.max-connections-per-client} open HTTP connections per client
 * address on the main port; a connection beyond them is closed, unanswered, at its first request.
 *
 * <p>Quarkus limits the connections of all clients together (quarkus.http.limits.max-connections)
 * and nothing per client, so one client holding every place, with a cheap request on each now and
 * then, kept every source out. Quarkus owns the server's connection handler (its global count), so
 * the first moment the gateway sees a connection is its first request: this filter, ahead of every
 * route. A connection that never sends a request holds only a global place, and only until
 * quarkus.http.idle-timeout closes it.
 *
 * <p>The client is the request's remote address: the address a proxy forwards when quarkus.http.proxy.*
 * is configured, honoured only from quarkus.http.proxy.trusted-proxies (forwarding without that list
 * is refused at start), else the connection's peer. A connection counts for the client of its first
 * request until it closes.
 *
 * <p>Vert.x lets a connection have only one close handler, and Quarkus's global count uses it;
 * the connection's close future (Vert.x's own connection class) is how this count learns of the
 * close as well, without taking that handler away.
 */
@ApplicationScoped
public class ConnectionsPerClient {

    private static final Logger LOG = Logger.getLogger(ConnectionsPerClient.class);

    /** Open connections per client address. */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    /** The client each counted connection was counted for. */
    private final Map<HttpConnection, String> counted = new ConcurrentHashMap<>();
    private Counter refused;

    @Inject
    LimitsConfig limits;
    @ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
    boolean forwarding;
    @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
    Optional<List<String>> trustedProxies;
    @Inject
    MeterRegistry metrics;

    /** Ahead of the in-flight door, so a connection beyond the limit takes no place there. */
    void install(@Observes @Priority(Interceptor.Priority.APPLICATION) Router router) {
        refused = metrics.counter("gateway.connections.refused");
        if (limits.maxConnectionsPerClient() <= 0) {
            return;
        }
        if (forwarding && trustedProxies.isEmpty()) {
            // Quarkus then takes the forwarded address from any peer: a client naming a new address
            // on each connection would never reach its limit.
            throw new IllegalStateException("quarkus.http.proxy.proxy-address-forwarding is on without"
                    + " quarkus.http.proxy.trusted-proxies: name the proxies whose forwarded address is"
                    + " the client's (gateway.limits.max-connections-per-client counts by it)");
        }
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER - 1).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        if (counted.containsKey(connection)) {
            ctx.next();
            return;
        }
        if (!(connection instanceof ConnectionBase closing)) {
            LOG.warnf("connections per client not counted: unknown connection type %s", connection.getClass());
            ctx.next();
            return;
        }
        String client = clientOf(ctx);
        if (!takePlace(client)) {
            refused.increment();
            connection.close();
            return;
        }
        counted.put(connection, client);
        closing.closeFuture().onComplete(closed -> {
            if (counted.remove(connection) != null) {
                open.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
            }
        });
        ctx.next();
    }

    private boolean takePlace(String client) {
        boolean[] taken = { false };
        open.compute(client, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limits.maxConnectionsPerClient()) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private static String clientOf(RoutingContext ctx) {
        SocketAddress address = ctx.request().remoteAddress();
        if (address == null) {
            return "";
        }
        return address.hostAddress() != null ? address.hostAddress() : address.host();
    }
}
