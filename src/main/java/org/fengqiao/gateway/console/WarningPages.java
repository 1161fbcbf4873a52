package org.fengqiao.gateway.console;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import org.fengqiao.gateway.problem.ConflictException;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.warning.RiskWarning;
import org.fengqiao.gateway.warning.RiskWarnings;

/**
 * 风险预警: the warnings of the centre's area (a county's centre its county's, the city's every
 * county's), newest first, each with its evidence linked to the disputes' pages and, while open, a
 * form to acknowledge it with a note. The same rules as the API's ({@link RiskWarnings}); anyone but
 * a centre is answered as for a page that does not exist.
 */
@Path("centre/warnings")
@Produces(CentrePages.HTML)
@Blocking
public class WarningPages {

    @Inject
    ConsoleRole role;
    @Inject
    RiskWarnings warnings;
    @Inject
    HandlerDirectory handlers;
    @Inject
    @Location("console/warnings.html")
    Template page;
    @Inject
    NotFoundPage notFound;
    @Context
    UriInfo uri;

    /** One warning as the page shows it; {@code key} its id as the form's path and the refusal name it. */
    @io.quarkus.qute.TemplateData
    public record Row(String key, String rule, String subject, String township, String raisedAt, List<String> disputeIds,
            boolean open, String status, String acknowledgedBy, String acknowledgedAt, String note) {
    }

    @GET
    public Response list(@QueryParam("status") String status, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("done") String done) {
        StaffCaller caller = role.signedIn();
        if (!warnings.reads(caller)) {
            return notFound.answer(caller);
        }
        return page(caller, new RiskWarnings.Query(null, status, from, to),
                "acknowledged".equals(done) ? "已签收预警。" : null, null, null, 200);
    }

    /** 签收: the note is required; a refusal is shown beside the warning's form, the note kept. */
    @POST
    @Path("{warningId}/acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acknowledge(@PathParam("warningId") String warningId, @FormParam("note") String note) {
        StaffCaller caller = role.signedIn();
        if (!warnings.reads(caller)) {
            return notFound.answer(caller);
        }
        try {
            warnings.acknowledge(caller, warningId, note);
        } catch (InvalidRequestException e) {
            return page(caller, new RiskWarnings.Query(null, null, null, null), null, warningId,
                    note == null || note.isBlank() ? "请填写签收说明" : "签收说明不得超过 " + RiskWarnings.NOTE_MAX + " 字",
                    note, 400);
        } catch (ConflictException e) {
            return page(caller, new RiskWarnings.Query(null, null, null, null), null, warningId, "该预警已签收", 409);
        } catch (NotFoundException e) {
            return notFound.answer(caller);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path("centre").path("warnings")
                .queryParam("done", "acknowledged").build()).build();
    }

    private Response page(StaffCaller caller, RiskWarnings.Query query, String notice, String failed, String refusal,
            int status) {
        return page(caller, query, notice, failed, refusal, null, status);
    }

    private Response page(StaffCaller caller, RiskWarnings.Query query, String notice, String failed, String refusal,
            String typed, int status) {
        RiskWarnings.Checked checked;
        String queryRefusal = null;
        try {
            checked = warnings.check(caller, query);
        } catch (InvalidRequestException e) {
            queryRefusal = "筛选条件有误：日期须为 2026-12-01 的格式，状态须为待签收或已签收";
            checked = warnings.check(caller, new RiskWarnings.Query(null, null, null, null));
        }
        List<Row> rows = new ArrayList<>();
        for (RiskWarning w : warnings.list(checked)) {
            rows.add(new Row(String.valueOf(w.id()), w.ruleName(), w.subject(),
                    w.townshipCode() == null ? "" : handlers.nameOf(w.townshipCode()), Labels.time(w.raisedAt()),
                    w.disputeIds(), "OPEN".equals(w.status()), "OPEN".equals(w.status()) ? "待签收" : "已签收",
                    w.acknowledgedBy(), Labels.time(w.acknowledgedAt()), w.note()));
        }
        return Response.status(status).entity(page.data("handlerName", handlers.nameOf(caller.id()))
                .data("person", caller.person()).data("overseer", true).data("rows", rows)
                .data("status", checked.status() == null ? "" : checked.status())
                .data("from", checked.from().toString()).data("to", checked.to().toString())
                .data("notice", notice).data("failed", failed == null ? "" : failed).data("refusal", refusal)
                .data("typed", typed == null ? "" : typed)
                .data("queryRefusal", queryRefusal)).type(CentrePages.HTML).build();
    }
}
