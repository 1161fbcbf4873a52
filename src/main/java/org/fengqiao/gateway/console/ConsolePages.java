package org.fengqiao.gateway.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
import org.fengqiao.gateway.security.ConsoleSignIn;
import org.fengqiao.gateway.security.ConsoleSignOut;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.security.StaffIdentity;

/**
 * The staff console's pages, served under {@code /console/} (Quarkus REST's root path, so the API's
 * Camel routes are never in its way). Every page but the sign-in needs a sign-in (the form, or the
 * identity provider's code flow: security.ConsoleSignIn); each shows and does only what the handler the
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
    @Inject
    ConsoleSignIn consoleSignIn;
    @Inject
    ConsoleSignOut consoleSignOut;

    /** 待办: the signed-in handler's open items, most pressing first, narrowed as asked. */
    @GET
    public TemplateInstance inbox(@QueryParam("status") String status, @QueryParam("category") String category,
            @QueryParam("source") String source, @QueryParam("overdue") String overdue,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("returned") String returned)
            throws Exception {
        StaffCaller caller = caller();
        Worklist.Query query = worklist.query(status, category, source, overdue, from, to);
        return withUser(inbox.data("filters", Worklist.Filter.options(query.filter())).data("query", query)
                .data("categories", worklist.categories(query)).data("sources", worklist.sources(query))
                .data("rows", worklist.rows(caller, query)).data("since", clock.millis()).data("polling", true)
                .data("notice", returned == null || !returned.matches("[A-Z]{2}[0-9]{8,20}") ? null
                        : "已退单：" + returned + "，已退回县分流。"),
                caller);
    }

    /**
     * The inbox's rows alone: what the page polls for, with the page's filters, so new items appear
     * without a reload. Each poll counts as activity and renews the session; so that an unattended
     * screen still signs out, a page stops polling once it has been open for the session's inactivity
     * timeout ({@code since}: when the page was loaded), and the session ends that long after.
     */
    @GET
    @Path("inbox/items")
    public TemplateInstance rows(@QueryParam("status") String status, @QueryParam("category") String category,
            @QueryParam("source") String source, @QueryParam("overdue") String overdue,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("since") String since)
            throws Exception {
        StaffCaller caller = caller();
        Worklist.Query query = worklist.query(status, category, source, overdue, from, to);
        long loaded = parseMillis(since);
        boolean polling = clock.millis() - loaded < sessionTimeout.toMillis();
        return inbox.getFragment("rows").data("rows", worklist.rows(caller, query)).data("query", query)
                .data("since", loaded).data("polling", polling);
    }

    @GET
    @Path("disputes/{disputeId}")
    public Response dispute(@PathParam("disputeId") String disputeId, @QueryParam("done") String done)
            throws Exception {
        return page(disputeId, null, null, done == null ? null : DONE.get(done), 200);
    }

    /** What the page says after an act, by the {@code done} the redirect names. */
    private static final java.util.Map<String, String> DONE = java.util.Map.of(
            "signed", "已签收。",
            "progress", "办理进展已记录。",
            "resolved", "已办结。",
            "extension", "延期申请已提交，待县矛调中心审批。");

    /** 办理进展. */
    @POST
    @Path("disputes/{disputeId}/progress")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response progress(@PathParam("disputeId") String disputeId, @FormParam("note") String note)
            throws Exception {
        return after(disputeId, "提交进展", acts.progress(caller(), disputeId, note), "progress");
    }

    /** 办结: how it ended, the handling result and the agreement, if one was reached. */
    @POST
    @Path("disputes/{disputeId}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@PathParam("disputeId") String disputeId, @FormParam("outcome") String outcome,
            @FormParam("note") String note, @FormParam("agreement") String agreement) throws Exception {
        return after(disputeId, "办结", acts.resolve(caller(), disputeId, outcome, note, agreement), "resolved");
    }

    /** 申请延期: the request then waits for the county centre. */
    @POST
    @Path("disputes/{disputeId}/extension")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response askForExtension(@PathParam("disputeId") String disputeId, @FormParam("days") String days,
            @FormParam("reason") String reason) throws Exception {
        return after(disputeId, "申请延期", acts.askForExtension(caller(), disputeId, days, reason), "extension");
    }

    /** 退单: the dispute leaves this handler, so the clerk is taken back to the inbox. */
    @POST
    @Path("disputes/{disputeId}/return")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response giveBack(@PathParam("disputeId") String disputeId, @FormParam("reason") String reason)
            throws Exception {
        Optional<String> refusal = acts.giveBack(caller(), disputeId, reason);
        if (refusal.isPresent()) {
            return page(disputeId, "退单", refusal.get(), null, 409);
        }
        return Response.seeOther(uri.getBaseUriBuilder().queryParam("returned", disputeId).build()).build();
    }

    /** A refusal on the page beside the act's form; else post, redirect, get, so a reload does not act again. */
    private Response after(String disputeId, String act, Optional<String> refusal, String done) throws Exception {
        if (refusal.isPresent()) {
            return page(disputeId, act, refusal.get(), null, 409);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path("disputes").path(disputeId)
                .queryParam("done", done).build()).build();
    }

    /** 签收, by the form on the dispute's page (CSRF-checked by quarkus-rest-csrf before this runs). */
    @POST
    @Path("disputes/{disputeId}/sign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sign(@PathParam("disputeId") String disputeId) throws Exception {
        Optional<String> refusal = acts.sign(caller(), disputeId);
        if (refusal.isPresent()) {
            return page(disputeId, "签收", refusal.get(), null, 409);
        }
        // Post, redirect, get: a reload does not sign again.
        return Response.seeOther(uri.getBaseUriBuilder().path("disputes").path(disputeId)
                .queryParam("done", "signed").build()).build();
    }

    @GET
    @Path("sign-in")
    public TemplateInstance signIn(@QueryParam("error") String error) {
        return signIn.data("error", error != null).data("identityProvider", consoleSignIn.identityProviderOn());
    }

    /**
     * Sign-out: a form sign-in's session lives only in its encrypted cookie, so signing out removes the
     * cookie; a copy taken before keeps working until its inactivity timeout. A sign-in through the
     * identity provider ends here and, where the provider can, there too: the browser goes on to the
     * provider's sign-out, which sends it back to the sign-in page.
     */
    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut() {
        URI signInPage = uri.getBaseUriBuilder().path("sign-in").build();
        Optional<URI> provider = consoleSignOut.endIdentityProviderSession(signInPage);
        if (provider.isPresent()) {
            return Response.seeOther(provider.get()).build();
        }
        NewCookie expired = new NewCookie.Builder(sessionCookie).value("").path("/console").maxAge(0)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(signInPage).cookie(expired).build();
    }

    /** {@code refusedAct}: the refused act's name as the refusal begins with it (无法签收：…). */
    private Response page(String disputeId, String refusedAct, String refusal, String notice, int status)
            throws Exception {
        StaffCaller caller = caller();
        Optional<DisputePage.View> view = disputes.of(disputeId, caller);
        if (view.isEmpty()) {
            // As the API: another handler's dispute is not found, whether or not it exists.
            return Response.status(404).entity(withUser(notFound.instance(), caller)).build();
        }
        return Response.status(status).entity(withUser(dispute.data("d", view.get()).data("refusal", refusal)
                .data("refusedAct", refusedAct).data("notice", notice), caller)).build();
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
