package org.fengqiao.gateway.attachment;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.activation.DataHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.LedgerEntry;
import org.fengqiao.gateway.privacy.Disclosure;
import org.fengqiao.gateway.problem.ContentDisposition;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffAuthentication;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * Attachments over the API. {@code POST /api/v1/disputes/{id}/attachments} (multipart, the file in the
 * part {@value AttachmentStore#FIELD}): a handler that holds the dispute, as for its acts, uploads a
 * file; it is checked and stored, and becomes part of the dispute with the next act that names its id
 * ({@code "attachments": [...]} in the event). {@code GET .../attachments/{attachmentId}}: the file, to
 * whoever may read the dispute ({@link Disclosure}); anyone else is told it does not exist, as for the
 * dispute itself.
 */
@ApplicationScoped
public class AttachmentApi extends RouteBuilder {

    private static final String DISPUTE_ID = "[A-Z]{2}[0-9]{8,20}";

    @Inject
    AttachmentStore store;
    @Inject
    DisputeLedger ledger;
    @Inject
    RoutingPolicy routing;
    @Inject
    ObjectMapper json;

    @Override
    public void configure() {
        rest("/api/v1/disputes")
                .post("/{disputeId}/attachments").id("rest-post-dispute-attachment")
                .consumes("multipart/form-data").produces("application/json")
                .to("direct:dispute-attachment-upload")
                .get("/{disputeId}/attachments/{attachmentId}").id("rest-get-dispute-attachment")
                .to("direct:dispute-attachment-download");

        from("direct:dispute-attachment-upload").routeId("dispute-attachment-upload").process(this::upload);
        from("direct:dispute-attachment-download").routeId("dispute-attachment-download").process(this::download);
    }

    private void upload(Exchange exchange) throws Exception {
        String disputeId = exchange.getMessage().getHeader("disputeId", String.class);
        StaffCaller caller = StaffAuthentication.callerOf(exchange);
        LedgerEntry entry = readable(disputeId, caller);
        // Uploading is part of acting on the dispute: its holder's or co-holder's, as the acts are.
        if (!entry.heldBy(caller.id())) {
            throw new ForbiddenException(new Text("handling.not-held", caller.id(), disputeId));
        }
        AttachmentStore.Upload upload = uploadOf(exchange);
        StoredAttachment stored = store.store(disputeId, caller.id(), caller.person(), upload, store.maxBytes());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", stored.id());
        body.put("fileName", stored.fileName());
        body.put("contentType", stored.contentType());
        body.put("size", stored.size());
        body.put("sha256", stored.sha256());
        body.put("href", stored.href());
        body.put("state", "PENDING");
        body.put("note", "Name this id in the act's \"attachments\" to make it part of the dispute");
        HttpReplies.reply(exchange, 201, "application/json", json.writeValueAsString(body))
                .setHeader("Location", stored.href());
    }

    private void download(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String disputeId = in.getHeader("disputeId", String.class);
        String attachmentId = in.getHeader("attachmentId", String.class);
        readable(disputeId, StaffAuthentication.callerOf(exchange));
        AttachmentStore.Content content = store.content(disputeId, attachmentId)
                .orElseThrow(() -> new NotFoundException(new Text("attachment.not-found", attachmentId)));
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, content.attachment().contentType());
        out.setHeader("Content-Disposition", ContentDisposition.attachment(content.attachment().fileName()));
        // The type is the detected one; a browser must not guess another from the bytes.
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Cache-Control", "private, no-store");
        out.setBody(ByteBuffer.wrap(content.bytes()));
    }

    /** The dispute, if this caller may read it; not found otherwise, whether or not it exists. */
    private LedgerEntry readable(String disputeId, StaffCaller caller) throws Exception {
        NotFoundException notFound = new NotFoundException(new Text("ledger.no-dispute", disputeId));
        if (disputeId == null || !disputeId.matches(DISPUTE_ID)) {
            throw notFound;
        }
        LedgerEntry entry = ledger.find(disputeId).orElseThrow(() -> notFound);
        String county = json.readTree(entry.document()).at("/location/countyCode").asText(null);
        if (!Disclosure.of(caller, entry.handlerId(), entry.coHandlerIds(), county, routing.city()).shown()) {
            throw notFound;
        }
        return entry;
    }

    /**
     * The file part as platform-http hands it over: stored by the HTTP layer in its uploads folder,
     * either as the body (one file) or as an attachment of the message.
     */
    private static AttachmentStore.Upload uploadOf(Exchange exchange) {
        Message message = exchange.getMessage();
        if (message.getBody() instanceof File file) {
            String name = message.getHeader(Exchange.FILE_NAME, String.class);
            return AttachmentStore.Upload.ofFile(name, file.toPath());
        }
        AttachmentMessage attachments = exchange.getMessage(AttachmentMessage.class);
        DataHandler part = attachments == null ? null : attachments.getAttachment(AttachmentStore.FIELD);
        if (part == null) {
            throw new InvalidRequestException(AttachmentStore.FIELD, new Text("violation.required"));
        }
        return new AttachmentStore.Upload() {
            @Override
            public String fileName() {
                return part.getName();
            }

            @Override
            public InputStream open() throws IOException {
                return part.getInputStream();
            }
        };
    }
}
