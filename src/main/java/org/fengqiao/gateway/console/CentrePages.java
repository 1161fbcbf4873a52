package org.fengqiao.gateway.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.security.StaffIdentity;

/**
 * The county centre's (and triage desk's) pages: every dispute of its county, filtered and searched
 * in the ledger. Anyone else is answered as for a page that does not exist.
 */
@Path("centre")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@Blocking
public class CentrePages {

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
                    from, to, idNumber, recordId, disputeId, p);
        }
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    CentreList list;
    @Inject
    HandlerDirectory handlers;
    @Inject
    @Location("console/centre.html")
    Template centre;
    @Inject
    @Location("console/not-found.html")
    Template notFound;

    /** 纠纷总览: the county's disputes, the filters applied by the ledger's query. */
    @GET
    public Response list(@BeanParam Form form) throws Exception {
        StaffCaller caller = caller();
        if (!list.oversees(caller)) {
            return Response.status(404).entity(notFound.data("handlerName", handlers.nameOf(caller.id()))
                    .data("person", caller.person())).build();
        }
        CentreList.Filters f = form.filters();
        CentreList.Result result = list.find(caller, f, CentreList.PAGE_SIZE);
        return Response.ok(centre.data("handlerName", handlers.nameOf(caller.id())).data("person", caller.person())
                .data("f", f).data("townships", list.townships(caller, f.township()))
                .data("categories", CentreList.categories(f.category()))
                .data("statuses", CentreList.statuses(f.status())).data("result", result)).build();
    }

    private StaffCaller caller() {
        StaffCaller caller = identity.isAnonymous() ? null : StaffIdentity.callerOf(identity);
        if (caller == null) {
            throw new jakarta.ws.rs.NotAuthorizedException("sign in");
        }
        return caller;
    }
}
