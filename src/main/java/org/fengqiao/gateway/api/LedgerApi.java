package org.fengqiao.gateway.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.privacy.Disclosure;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.security.StaffAuthentication;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.LedgerEntry;
import org.fengqiao.gateway.ledger.PiiReencryption;

/**
 * Read side of the ledger: one dispute with its history, and a handler's inbox for handlers
 * without a JMS client; and the re-encryption of personal data after a key rotation.
 *
 * <p>Who may read (the signed-in staff caller): a dispute, its holder and co-holders, and the triage
 * desk and centre of its county (of the city: all); a handler's inbox, that handler and the triage
 * desk and centre of its county; the operator, neither (no case contents). What each caller sees
 * of a dispute is decided by {@link Disclosure}, the same on every read path. Re-encryption is the
 * operator's.
 */
@ApplicationScoped
public class LedgerApi extends RouteBuilder {

    static final int MAX_PAGE_SIZE = 200;

    @Inject
    DisputeLedger ledger;
    @Inject
    ObjectMapper json;
    @Inject
    PiiReencryption reencryption;
    @Inject
    org.fengqiao.gateway.routing.RoutingPolicy routing;

    @Override
    public void configure() {
        rest("/api/v1/disputes")
                .get("/{disputeId}").id("rest-get-dispute").produces("application/json")
                .to("direct:get-dispute");
        rest("/api/v1/handlers")
                .get("/{handlerId}/items").id("rest-handler-inbox").produces("application/json")
                .to("direct:handler-inbox");

        rest("/api/v1/ledger")
                .post("/reencrypt").id("rest-ledger-reencrypt").produces("application/json")
                .to("direct:ledger-reencrypt");

        from("direct:get-dispute").routeId("get-dispute").process(this::dispute);
        from("direct:ledger-reencrypt").routeId("ledger-reencrypt").process(exchange -> {
            if (!StaffAuthentication.callerOf(exchange).operator()) {
                throw new ForbiddenException(new Text("ledger.reencrypt-operator"));
            }
            HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(reencryption.run()));
        });
        from("direct:handler-inbox").routeId("handler-inbox").process(this::inbox);
    }

    private void dispute(Exchange exchange) throws Exception {
        String id = exchange.getMessage().getHeader("disputeId", String.class);
        LedgerEntry entry = ledger.find(id).orElseThrow(() -> new NotFoundException(new Text("ledger.no-dispute", id)));
        // Decimals as stored: an amount of 50000.10 is not shown as 50000.1.
        ObjectNode document = (ObjectNode) json.reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .readTree(entry.document());
        document.put("status", entry.status().name());
        Disclosure shown = Disclosure.of(StaffAuthentication.callerOf(exchange), entry.handlerId(),
                entry.coHandlerIds(), document.at("/location/countyCode").asText(null), routing.city());
        if (!shown.shown()) {
            // Not found rather than forbidden: another township need not learn the dispute exists.
            throw new NotFoundException(new Text("ledger.no-dispute", id));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dispute", shown.document(document));
        body.put("history", entry.history());
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(body));
    }

    private void inbox(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        String handlerId = in.getHeader("handlerId", String.class);
        StaffCaller caller = StaffAuthentication.callerOf(exchange);
        int dash = handlerId == null ? -1 : handlerId.indexOf('-');
        String area = handlerId == null ? null : dash < 0 ? handlerId.substring(0, Math.min(6, handlerId.length()))
                : handlerId.substring(0, dash);
        if (!caller.id().equals(handlerId) && !caller.overseesArea(area, routing.city())) {
            throw new ForbiddenException(new Text("ledger.not-your-inbox", caller.id(), handlerId));
        }
        List<FieldViolation> violations = new ArrayList<>();
        String status = in.getHeader("status", String.class);
        if (status != null && status.isBlank()) {
            status = null;
        }
        if (status != null && !isStatus(status)) {
            violations.add(new FieldViolation("status", new Text("violation.one-of", List.of(DisputeStatus.values()))));
        }
        int page = intParam(in.getHeader("page", String.class), "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE,
                violations);
        int size = intParam(in.getHeader("size", String.class), "size", 20, 1, MAX_PAGE_SIZE, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        HttpReplies.reply(exchange, 200, "application/json",
                json.writeValueAsString(ledger.inbox(handlerId, status, page, size, caller, routing.city())));
    }

    private static boolean isStatus(String value) {
        for (DisputeStatus s : DisputeStatus.values()) {
            if (s.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int intParam(String raw, String name, int fallback, int min, int max,
            List<FieldViolation> violations) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(new FieldViolation(name, new Text("violation.integer-range", min, max)));
        return fallback;
    }
}
