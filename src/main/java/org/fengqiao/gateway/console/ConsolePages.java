package org.fengqiao.gateway.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.attachment.AttachmentStore;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.fengqiao.gateway.problem.ContentDisposition;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.security.ConsoleSignIn;
import org.fengqiao.gateway.security.ConsoleSignOut;
import org.fengqiao.gateway.security.StaffCaller;

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
    ConsoleRole role;
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
    CentreList centreList;
    @Inject
    AttachmentStore attachments;
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
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("returned") String returned,
            @QueryParam("reassigned") String reassigned, @QueryParam("rejected") String rejected) throws Exception {
        StaffCaller caller = caller();
        Worklist.Query query = worklist.query(status, category, source, overdue, from, to);
        return withUser(inbox.data("filters", Worklist.Filter.options(query.filter())).data("query", query)
                .data("categories", worklist.categories(query)).data("sources", worklist.sources(query))
                .data("rows", worklist.rows(caller, query)).data("since", clock.millis()).data("polling", true)
                .data("notice", gone(returned, "已退单：%s，已退回县分流。", reassigned, "已改派：%s，已交新的承办单位。",
                        rejected, "不予受理：%s，已告知来源。")),
                caller);
    }

    /**
     * What the inbox says of a dispute that just left the signed-in handler by an act on its page, from
     * pairs of (the id the redirect named, the sentence with %s for it); null when none names a dispute.
     */
    private static String gone(String... idsAndTexts) {
        for (int i = 0; i < idsAndTexts.length; i += 2) {
            String id = idsAndTexts[i];
            if (id != null && id.matches("[A-Z]{2}[0-9]{8,20}")) {
                return idsAndTexts[i + 1].formatted(id);
            }
        }
        return null;
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
        return page(disputeId, null, null, Map.of(), done == null ? null : DONE.get(done), 200);
    }

    /** What the page says after an act, by the {@code done} the redirect names. */
    private static final java.util.Map<String, String> DONE = java.util.Map.of(
            "signed", "已签收。",
            "progress", "办理进展已记录。",
            "resolved", "已办结。",
            "extension", "延期申请已提交，待县矛调中心审批。",
            "supervised", "已督办，督办通知已发送承办单位。");

    /** 办理进展. */
    @POST
    @Path("disputes/{disputeId}/progress")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response progress(@PathParam("disputeId") String disputeId, @FormParam("note") String note)
            throws Exception {
        return after(disputeId, "提交进展", acts.progress(caller(), disputeId, note), "progress",
                typed("progress-note", note));
    }

    /** 办结: how it ended, the handling result and the agreement, if one was reached. */
    @POST
    @Path("disputes/{disputeId}/resolve")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response resolve(@PathParam("disputeId") String disputeId, @RestForm("outcome") String outcome,
            @RestForm("note") String note, @RestForm("agreement") String agreement,
            @RestForm("scan") FileUpload scan) throws Exception {
        return after(disputeId, "办结", acts.resolve(caller(), disputeId, outcome, note, agreement, uploaded(scan)),
                "resolved", typed("outcome", outcome, "resolve-note", note, "agreement", agreement));
    }

    /** A file input left empty still sends its part, with no name and no bytes: that is no file. */
    private static AttachmentStore.Upload uploaded(FileUpload file) {
        if (file == null || file.uploadedFile() == null
                || ((file.fileName() == null || file.fileName().isBlank()) && file.size() == 0)) {
            return null;
        }
        return AttachmentStore.Upload.ofFile(file.fileName(), file.uploadedFile());
    }

    /**
     * An attachment of a dispute this person may read (the same rule as the page's): as a download,
     * with the type detected when it was stored.
     */
    @GET
    @Path("disputes/{disputeId}/attachments/{attachmentId}")
    @Produces(MediaType.WILDCARD)
    public Response attachment(@PathParam("disputeId") String disputeId,
            @PathParam("attachmentId") String attachmentId) throws Exception {
        StaffCaller caller = caller();
        var content = disputes.of(disputeId, caller).isEmpty() ? java.util.Optional.<AttachmentStore.Content>empty()
                : attachments.content(disputeId, attachmentId);
        if (content.isEmpty()) {
            return Response.status(404).type(MediaType.TEXT_HTML + ";charset=UTF-8")
                    .entity(withUser(notFound.instance(), caller)).build();
        }
        var file = content.get().attachment();
        return Response.ok(content.get().bytes(), file.contentType())
                .header("Content-Disposition", ContentDisposition.attachment(file.fileName()))
                .header("Cache-Control", "private, no-store").build();
    }

    /** 申请延期: the request then waits for the county centre. */
    @POST
    @Path("disputes/{disputeId}/extension")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response askForExtension(@PathParam("disputeId") String disputeId, @FormParam("days") String days,
            @FormParam("reason") String reason) throws Exception {
        return after(disputeId, "申请延期", acts.askForExtension(caller(), disputeId, days, reason), "extension",
                typed("days", days, "extension-reason", reason));
    }

    /** 退单: the dispute leaves this handler, so the clerk is taken back to the inbox. */
    @POST
    @Path("disputes/{disputeId}/return")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response giveBack(@PathParam("disputeId") String disputeId, @FormParam("reason") String reason)
            throws Exception {
        return left(disputeId, "退单", acts.giveBack(caller(), disputeId, reason), "returned",
                typed("return-reason", reason));
    }

    /** 改派, by the county triage desk: the dispute goes to the handler chosen, so back to the inbox. */
    @POST
    @Path("disputes/{disputeId}/reassign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reassign(@PathParam("disputeId") String disputeId, @FormParam("toHandlerId") String toHandlerId,
            @FormParam("reason") String reason) throws Exception {
        return left(disputeId, "改派", acts.reassign(caller(), disputeId, toHandlerId, reason), "reassigned",
                typed("toHandlerId", toHandlerId, "reassign-reason", reason));
    }

    /** 不予受理, by the county triage desk: the source is told and the dispute closes. */
    @POST
    @Path("disputes/{disputeId}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reject(@PathParam("disputeId") String disputeId, @FormParam("reason") String reason)
            throws Exception {
        return left(disputeId, "不予受理", acts.reject(caller(), disputeId, reason), "rejected",
                typed("reject-reason", reason));
    }

    /** 督办, by the county (or city) centre, with its message to the holder. */
    @POST
    @Path("disputes/{disputeId}/supervise")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response supervise(@PathParam("disputeId") String disputeId, @FormParam("note") String note)
            throws Exception {
        return after(disputeId, "督办", acts.supervise(caller(), disputeId, note), "supervised",
                typed("supervise-note", note));
    }

    /** An act after which the dispute is no longer the signed-in handler's: the inbox says what became of it. */
    private Response left(String disputeId, String act, Optional<String> refusal, String gone,
            Map<String, String> typed) throws Exception {
        if (refusal.isPresent()) {
            return page(disputeId, act, refusal.get(), typed, null, 409);
        }
        return Response.seeOther(uri.getBaseUriBuilder().queryParam(gone, disputeId).build()).build();
    }

    /**
     * A refusal on the page beside the act's form, the form keeping what was typed ({@code typed}, by the
     * form element's id); else post, redirect, get, so a reload does not act again.
     */
    private Response after(String disputeId, String act, Optional<String> refusal, String done,
            Map<String, String> typed) throws Exception {
        if (refusal.isPresent()) {
            return page(disputeId, act, refusal.get(), typed, null, 409);
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
            return page(disputeId, "签收", refusal.get(), Map.of(), null, 409);
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
    private Response page(String disputeId, String refusedAct, String refusal, Map<String, String> typed,
            String notice, int status) throws Exception {
        StaffCaller caller = caller();
        Optional<DisputePage.View> view = disputes.of(disputeId, caller);
        if (view.isEmpty()) {
            // As the API: another handler's dispute is not found, whether or not it exists.
            return Response.status(404).entity(withUser(notFound.instance(), caller)).build();
        }
        return Response.status(status).entity(withUser(dispute.data("d", view.get()).data("refusal", refusal)
                .data("refusedAct", refusedAct).data("typed", typed).data("notice", notice), caller)).build();
    }

    /** What a form sent, by its elements' ids, to fill it again beside a refusal; blank values left out. */
    private static Map<String, String> typed(String... idsAndValues) {
        Map<String, String> typed = new java.util.HashMap<>();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            if (idsAndValues[i + 1] != null && !idsAndValues[i + 1].isBlank()) {
                typed.put(idsAndValues[i], idsAndValues[i + 1]);
            }
        }
        return typed;
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
                .data("person", caller.person()).data("overseer", centreList.oversees(caller));
    }

    private StaffCaller caller() {
        return role.signedIn();
    }
}
