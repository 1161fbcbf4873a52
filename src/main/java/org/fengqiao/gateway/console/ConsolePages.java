package org.fengqiao.gateway.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.security.StaffIdentity;

/**
 * The staff console's pages, served under {@code /console/} (Quarkus REST's root path, so the API's
 * Camel routes are never in its way). Every page but the sign-in needs a form sign-in
 * ({@code quarkus.http.auth.permission.console}); each shows and does only what the handler the
 * signed-in person acts for may, by the same rules as the API. Pages are rendered on the server
 * (Qute, escaping every value); htmx only refreshes the inbox's rows.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
@Blocking
public class ConsolePages {

    @Inject
    SecurityIdentity identity;
    /** Redirects are built on it: a bare path would be taken as relative to the console's root. */
    @Context
    UriInfo uri;
    @Inject
    Worklist worklist;
    @Inject
    DisputePage disputes;
    @Inject
    Acts acts;
    @Inject
    HandlerDirectory handlers;
    @Inject
    @Location("console/inbox.html")
    Template inbox;
    @Inject
    @Location("console/dispute.html")
    Template dispute;
    @Inject
    @Location("console/not-found.html")
    Template notFound;
    @Inject
    @Location("console/sign-in.html")
    Template signIn;
    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;
    @ConfigProperty(name = "quarkus.http.auth.form.timeout", defaultValue = "PT30M")
    Duration sessionTimeout;
    @Inject
    Clock clock;

    /** 待办: the signed-in handler's open items, most pressing first. */
    @GET
    public TemplateInstance inbox(@QueryParam("status") String status) throws Exception {
        StaffCaller caller = caller();
        Worklist.Filter filter = Worklist.Filter.of(status);
        return withUser(inbox.data("filters", Worklist.Filter.options(filter)).data("filter", filter.name())
                .data("rows", worklist.rows(caller, filter)).data("since", clock.millis()).data("polling", true),
                caller);
    }

    /**
     * The inbox's rows alone: what the page polls for, so new items appear without a reload. Each poll
     * counts as activity and renews the session; so that an unattended screen still signs out, a page
     * stops polling once it has been open for the session's inactivity timeout ({@code since}: when
     * the page was loaded), and the session ends that long after.
     */
    @GET
    @Path("inbox/items")
    public TemplateInstance rows(@QueryParam("status") String status, @QueryParam("since") String since)
            throws Exception {
        StaffCaller caller = caller();
        Worklist.Filter filter = Worklist.Filter.of(status);
        long loaded = parseMillis(since);
        boolean polling = clock.millis() - loaded < sessionTimeout.toMillis();
        return inbox.getFragment("rows").data("rows", worklist.rows(caller, filter)).data("filter", filter.name())
                .data("since", loaded).data("polling", polling);
    }

    @GET
    @Path("disputes/{disputeId}")
    public Response dispute(@PathParam("disputeId") String disputeId, @QueryParam("done") String done)
            throws Exception {
        return page(disputeId, null, "signed".equals(done) ? "已签收。" : null, 200);
    }

    /** 签收, by the form on the dispute's page (CSRF-checked by quarkus-rest-csrf before this runs). */
    @POST
    @Path("disputes/{disputeId}/sign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sign(@PathParam("disputeId") String disputeId) throws Exception {
        Optional<String> refusal = acts.sign(caller(), disputeId);
        if (refusal.isPresent()) {
            return page(disputeId, refusal.get(), null, 409);
        }
        // Post, redirect, get: a reload does not sign again.
        return Response.seeOther(uri.getBaseUriBuilder().path("disputes").path(disputeId)
                .queryParam("done", "signed").build()).build();
    }

    @GET
    @Path("sign-in")
    public TemplateInstance signIn(@QueryParam("error") String error) {
        return signIn.data("error", error != null);
    }

    /**
     * Sign-out: the session lives only in its encrypted cookie, so signing out removes the cookie;
     * a copy taken before keeps working until its inactivity timeout.
     */
    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut() {
        NewCookie expired = new NewCookie.Builder(sessionCookie).value("").path("/console").maxAge(0)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(uri.getBaseUriBuilder().path("sign-in").build()).cookie(expired).build();
    }

    private Response page(String disputeId, String refusal, String notice, int status) throws Exception {
        StaffCaller caller = caller();
        Optional<DisputePage.View> view = disputes.of(disputeId, caller);
        if (view.isEmpty()) {
            // As the API: another handler's dispute is not found, whether or not it exists.
            return Response.status(404).entity(withUser(notFound.instance(), caller)).build();
        }
        return Response.status(status).entity(withUser(dispute.data("d", view.get()).data("refusal", refusal)
                .data("notice", notice), caller)).build();
    }

    /** A page's load time as it sent it; anything else counts as long ago, which stops the polling. */
    private static long parseMillis(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private TemplateInstance withUser(TemplateInstance page, StaffCaller caller) {
        return page.data("handlerName", caller.operator() ? "运维" : handlers.nameOf(caller.id()))
                .data("person", caller.person());
    }

    private StaffCaller caller() {
        StaffCaller caller = identity.isAnonymous() ? null : StaffIdentity.callerOf(identity);
        if (caller == null) {
            // The path permission lets no one here unsigned; this guards a page reached some other way.
            throw new jakarta.ws.rs.NotAuthorizedException("sign in");
        }
        return caller;
    }
}
