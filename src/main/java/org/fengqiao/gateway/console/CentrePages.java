package org.fengqiao.gateway.console;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * The county centre's (and triage desk's) pages: every dispute of its county, filtered and searched
 * in the ledger, and exported as it is filtered. Anyone else is answered as for a page that does not
 * exist.
 */
@Path("centre")
@Produces(CentrePages.HTML)
@Blocking
public class CentrePages {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    /** The list's form, as query parameters so a filtered list can be bookmarked and exported. */
    public static class Form {
        @QueryParam("township")
        String township;
        @QueryParam("category")
        String category;
        @QueryParam("source")
        String source;
        @QueryParam("status")
        String status;
        @QueryParam("overdue")
        String overdue;
        @QueryParam("from")
        String from;
        @QueryParam("to")
        String to;
        @QueryParam("idNumber")
        String idNumber;
        @QueryParam("recordId")
        String recordId;
        @QueryParam("disputeId")
        String disputeId;
        @QueryParam("name")
        String name;
        @QueryParam("phone")
        String phone;
        @QueryParam("address")
        String address;
        @QueryParam("risk")
        String risk;
        @QueryParam("page")
        String page;

        CentreList.Filters filters() {
            int p;
            try {
                p = page == null ? 0 : Integer.parseInt(page.trim());
            } catch (NumberFormatException e) {
                p = 0;
            }
            return new CentreList.Filters(township, category, source, status, overdue != null && !overdue.isBlank(),
                    from, to, idNumber, recordId, disputeId, name, phone, address, risk, p);
        }
    }

    @Inject
    ConsoleRole role;
    @Inject
    CentreList list;
    @Inject
    HandlerDirectory handlers;
    @Inject
    @Location("console/centre.html")
    Template centre;
    @Inject
    NotFoundPage notFound;
    @Inject
    @Location("console/extensions.html")
    Template extensions;
    @Inject
    Acts acts;
    @Inject
    CentreExport export;
    @Context
    UriInfo uri;

    /** 纠纷总览: the county's disputes, the filters applied by the ledger's query. */
    @GET
    public Response list(@BeanParam Form form) throws Exception {
        StaffCaller caller = role.signedIn();
        if (!list.oversees(caller)) {
            return notFound.answer(caller);
        }
        return listPage(caller, form.filters(), null, 200);
    }

    /** 导出 Excel: what the list's filters match, all pages, as a workbook. */
    @GET
    @Path("export.xlsx")
    @Produces({ ExportTable.XLSX_TYPE, HTML })
    public Response exportXlsx(@BeanParam Form form) throws Exception {
        return export(form, ExportTable.Format.XLSX);
    }

    /** 导出 CSV: the same as the workbook, as comma-separated text. */
    @GET
    @Path("export.csv")
    @Produces({ ExportTable.CSV_TYPE, HTML })
    public Response exportCsv(@BeanParam Form form) throws Exception {
        return export(form, ExportTable.Format.CSV);
    }

    private Response export(Form form, ExportTable.Format format) throws Exception {
        StaffCaller caller = role.signedIn();
        if (!list.oversees(caller)) {
            return notFound.answer(caller);
        }
        CentreList.Filters f = form.filters();
        CentreExport.Download download;
        try {
            download = export.export(caller, f, format);
        } catch (ExportTable.TooManyRows e) {
            return listPage(caller, f, e.getMessage(), 409);
        }
        java.nio.file.Path file = download.file();
        StreamingOutput body = out -> {
            try {
                Files.copy(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
        };
        return Response.ok(body, download.format().mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, download.contentDisposition())
                .header(HttpHeaders.CONTENT_LENGTH, Files.size(file))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private Response listPage(StaffCaller caller, CentreList.Filters f, String exportRefusal, int status)
            throws Exception {
        CentreList.Result result = list.find(caller, f, CentreList.PAGE_SIZE);
        return Response.status(status).entity(centre.data("handlerName", handlers.nameOf(caller.id()))
                .data("person", caller.person()).data("overseer", true).data("f", f)
                .data("townships", list.townships(caller, f.township()))
                .data("categories", CentreList.categories(f.category()))
                .data("statuses", CentreList.statuses(f.status())).data("risks", CentreList.risks(f.risk()))
                .data("result", result).data("exportRefusal", exportRefusal)).type(HTML).build();
    }

    /** 延期审批: the county's extension requests that wait, each with its 批准 and 不批准 forms. */
    @GET
    @Path("extensions")
    public Response extensions(@QueryParam("done") String done) throws Exception {
        return extensionsPage(role.signedIn(), null, null, "approved".equals(done) ? "已批准延期。"
                : "refused".equals(done) ? "已不批准延期。" : null, 200);
    }

    /** 批准: the days granted, at most those asked (the service checks it: one rule with the API's). */
    @POST
    @Path("extensions/{disputeId}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("disputeId") String disputeId, @FormParam("days") String days)
            throws Exception {
        StaffCaller caller = role.signedIn();
        if (!list.oversees(caller)) {
            return notFound.answer(caller);
        }
        Integer granted;
        try {
            granted = days == null || days.isBlank() ? null : Integer.valueOf(days.trim());
        } catch (NumberFormatException e) {
            return extensionsPage(caller, disputeId, "批准天数须为整数", null, 400);
        }
        Optional<String> refusal = acts.approveExtension(caller, disputeId, granted);
        if (refusal.isPresent()) {
            return extensionsPage(caller, disputeId, refusal.get(), null, 409);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path("centre").path("extensions")
                .queryParam("done", "approved").build()).build();
    }

    /** 不批准, with its reason. */
    @POST
    @Path("extensions/{disputeId}/refuse")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response refuse(@PathParam("disputeId") String disputeId, @FormParam("reason") String reason)
            throws Exception {
        StaffCaller caller = role.signedIn();
        if (!list.oversees(caller)) {
            return notFound.answer(caller);
        }
        Optional<String> refusal = acts.refuseExtension(caller, disputeId, reason);
        if (refusal.isPresent()) {
            return extensionsPage(caller, disputeId, refusal.get(), null, 409);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path("centre").path("extensions")
                .queryParam("done", "refused").build()).build();
    }

    private Response extensionsPage(StaffCaller caller, String failed, String refusal, String notice, int status)
            throws Exception {
        if (!list.oversees(caller)) {
            return notFound.answer(caller);
        }
        List<CentreList.WaitingRequest> waiting = list.extensions(caller);
        return Response.status(status).entity(extensions.data("handlerName", handlers.nameOf(caller.id()))
                .data("person", caller.person()).data("overseer", true).data("waiting", waiting).data("failed", failed)
                .data("refusal", refusal).data("notice", notice)).build();
    }
}
