package org.fengqiao.gateway.casestatus;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;

/**
 * A source reads the status of its own cases, with the credential it posts with (a signed GET: the
 * signature covers the empty body): by the dispute id its {@code 202} named, or by its own record
 * number. The source authentication ({@code security.SourceAuthentication}) has already made sure
 * the caller is the source whose path this is; a case another source brought answers 404, as does
 * one that does not exist, so a source cannot learn that another's case exists.
 */
@ApplicationScoped
public class SourceStatusApi extends RouteBuilder {

    static final String SOURCES = "/api/v1/sources/";

    @Inject
    CaseStatusReader reader;
    @Inject
    ObjectMapper json;

    /**
     * Where a source reads the case it has just posted: its own path's status lookup, or, for a case
     * that came another way (a polled source), the staff view.
     */
    public static String locationOf(String requestPath, String disputeId) {
        if (requestPath != null && requestPath.startsWith(SOURCES)) {
            String segment = requestPath.substring(SOURCES.length()).split("/", 2)[0];
            if (!segment.isEmpty()) {
                return SOURCES + segment + "/disputes/" + disputeId;
            }
        }
        return "/api/v1/disputes/" + disputeId;
    }

    @Override
    public void configure() {
        rest("/api/v1/sources")
                .get("/{sourcePath}/disputes/{disputeId}").id("rest-source-case-by-dispute")
                    .description("A source's own case by dispute id: status, handler, deadlines, outcome, public history")
                    .produces("application/json").to("direct:source-case-by-dispute")
                .get("/{sourcePath}/cases/{recordId}").id("rest-source-case-by-record")
                    .description("A source's own case by its own record number: the same view")
                    .produces("application/json").to("direct:source-case-by-record");

        from("direct:source-case-by-dispute").routeId("source-case-by-dispute").process(exchange -> {
            String id = exchange.getMessage().getHeader("disputeId", String.class);
            answer(exchange, id, reader.byDisputeId(caller(exchange), id));
        });
        from("direct:source-case-by-record").routeId("source-case-by-record").process(exchange -> {
            String id = exchange.getMessage().getHeader("recordId", String.class);
            answer(exchange, id, reader.byRecordId(caller(exchange), id));
        });
    }

    private static String caller(Exchange exchange) {
        return exchange.getMessage().getHeader("gatewaySource", String.class);
    }

    private void answer(Exchange exchange, String id, Optional<PublicCase> found) throws Exception {
        if (found.isEmpty()) {
            throw new NotFoundException(new Text("ledger.no-dispute", id));
        }
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(found.get()));
    }
}
