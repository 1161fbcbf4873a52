package org.fengqiao.gateway.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.backfill.BackfillRuns;
import org.fengqiao.gateway.ledger.BackfillLedger;
import org.fengqiao.gateway.problem.ConflictException;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffAuthentication;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * Backfill of a historical export already on the server (docs/backfill.md): the operator starts an
 * import of a file in the configured folder and reads its progress and report; the county centre
 * (and the operator) lists the open historical disputes that were already overdue, held for it to
 * decide on.
 */
@ApplicationScoped
public class BackfillApi extends RouteBuilder {

    @Inject
    BackfillRuns runs;
    @Inject
    ObjectMapper json;
    @Inject
    RoutingPolicy routing;

    @Override
    public void configure() {
        rest("/api/v1/backfills")
                .post().id("rest-backfill-start").consumes("application/json").produces("application/json")
                .to("direct:backfill-start")
                .get("/overdue").id("rest-backfill-overdue").produces("application/json").to("direct:backfill-overdue")
                .get("/{runId}").id("rest-backfill-run").produces("application/json").to("direct:backfill-run");
        from("direct:backfill-start").routeId("backfill-start").process(this::start);
        from("direct:backfill-run").routeId("backfill-run").process(this::run);
        from("direct:backfill-overdue").routeId("backfill-overdue").process(this::overdue);
    }

    private void start(Exchange exchange) throws Exception {
        operatorOnly(exchange);
        String body = exchange.getMessage().getBody(String.class);
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            throw new InvalidRequestException("body", new Text("backfill.body-json"));
        }
        String source = request.path("source").asText(null);
        if (source == null || !runs.sources().contains(source)) {
            throw new InvalidRequestException("source", new Text("backfill.unknown-source",
                    String.valueOf(runs.sources())));
        }
        Path file = insideFolder(request.path("file").asText(null));
        BackfillLedger.Run run;
        try {
            run = runs.start(source, file);
        } catch (BackfillRuns.Busy busy) {
            throw new ConflictException("an import is running: " + busy.runId(), "RUNNING");
        }
        HttpReplies.reply(exchange, 202, "application/json", json.writeValueAsString(view(run)))
                .setHeader("Location", "/api/v1/backfills/" + run.runId());
    }

    /**
     * The file named in a request, within the configured folder: a relative name, no {@code ..}, that
     * leads to a regular file under the folder (symbolic links followed before the check).
     */
    private Path insideFolder(String name) throws Exception {
        if (name == null || name.isBlank() || name.indexOf('\0') >= 0) {
            throw new InvalidRequestException("file", new Text("violation.required"));
        }
        Path folder = runs.folder().toAbsolutePath().normalize();
        Path given;
        try {
            given = Path.of(name);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("file", new Text("backfill.file-outside"));
        }
        boolean climbs = false;
        for (Path part : given) {
            climbs |= part.toString().equals("..");
        }
        if (given.isAbsolute() || climbs) {
            throw new InvalidRequestException("file", new Text("backfill.file-outside"));
        }
        Path file = folder.resolve(given).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
            throw new InvalidRequestException("file", new Text("backfill.no-file"));
        }
        if (!file.toRealPath().startsWith(folder.toRealPath())) {
            throw new InvalidRequestException("file", new Text("backfill.file-outside"));
        }
        return file;
    }

    private void run(Exchange exchange) throws Exception {
        operatorOnly(exchange);
        String id = exchange.getMessage().getHeader("runId", String.class);
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NotFoundException(new Text("backfill.no-run", id));
        }
        BackfillLedger.Run run = runs.find(runId).orElseThrow(() -> new NotFoundException(new Text("backfill.no-run", id)));
        Map<String, Object> body = view(run);
        body.put("rejections", runs.rejections(runId, 100).stream()
                .map(r -> Map.of("line", r.lineNo(), "reason", r.reason())).toList());
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(body));
    }

    private void overdue(Exchange exchange) throws Exception {
        StaffCaller caller = StaffAuthentication.callerOf(exchange);
        String county = exchange.getMessage().getHeader("county", String.class);
        if (county != null && county.isBlank()) {
            county = null;
        }
        if (!caller.operator()) {
            if (!caller.centre()) {
                throw new ForbiddenException(new Text("backfill.overdue-centre"));
            }
            String own = caller.overseenCounty(routing.city()).orElse(null);
            if (county == null) {
                county = own;
            }
            if (county != null && !caller.overseesArea(county, routing.city())) {
                throw new ForbiddenException(new Text("backfill.overdue-centre"));
            }
        }
        HttpReplies.reply(exchange, 200, "application/json", json.writeValueAsString(Map.of(
                "county", county == null ? "" : county, "items", runs.overdue(county, 1000))));
    }

    private static void operatorOnly(Exchange exchange) {
        if (!StaffAuthentication.callerOf(exchange).operator()) {
            throw new ForbiddenException(new Text("backfill.operator"));
        }
    }

    private static Map<String, Object> view(BackfillLedger.Run run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", run.runId());
        body.put("source", run.sourceSystem());
        body.put("file", run.fileName());
        body.put("state", run.state());
        body.put("recordsDone", run.linesDone());
        body.put("imported", run.imported());
        body.put("alreadyPresent", run.alreadyPresent());
        body.put("rejected", run.rejected());
        body.put("overdue", run.overdue());
        body.put("startedAt", run.startedAt().toString());
        body.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        body.put("failure", run.failure());
        return body;
    }
}
