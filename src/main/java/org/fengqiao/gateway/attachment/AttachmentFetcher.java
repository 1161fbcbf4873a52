package org.fengqiao.gateway.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.CanonicalDispute.AttachmentRef;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.ledger.HandlingLedger;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.PayloadTooLargeException;
import org.fengqiao.gateway.problem.ProblemTexts;
import org.fengqiao.gateway.problem.ServiceUnavailableException;
import org.fengqiao.gateway.problem.Text;
import org.jboss.logging.Logger;

/**
 * Fetches the files sources sent by reference. A Camel timer route looks for references that are due;
 * one instance at a time fetches (a lease in the ledger), each file from its source's
 * {@link FileServer} only, through the same checks as every other file
 * ({@link AttachmentStore#check}: size, type from the bytes, virus scan). Taken, the file becomes
 * {@code ATTACHED} and the dispute's reference gets its type, size and hash, in one transaction.
 * Refused by a check, it is {@code FAILED} at once with the reason and nothing of it is kept. Not
 * reached (no answer, an answer other than 200, the scan unavailable), it waits, durably, for a later
 * attempt, each wait twice the one before; after the last attempt it is {@code FAILED} with the last
 * reason.
 *
 * <p>The JDK's HTTP client rather than Camel's http component: the component reads a whole answer
 * before a route sees it, while the file server's answer must be cut off at the source's size limit
 * and within the timeout as it streams; and the client follows no redirect, which could lead off the
 * file server.
 */
@ApplicationScoped
public class AttachmentFetcher extends RouteBuilder {

    static final String LEASE = "attachment-fetch";
    private static final Logger LOG = Logger.getLogger(AttachmentFetcher.class);

    @Inject
    AttachmentStore store;
    @Inject
    FileServers servers;
    @Inject
    AttachmentsConfig config;
    @Inject
    HandlingLedger ledger;
    @Inject
    InstanceLeases leases;
    @Inject
    GatewayConfig gateway;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    private HttpClient client;

    @PostConstruct
    void init() {
        // Never a redirect: it could lead off the file server.
        // HTTP/1.1: a file server need not speak HTTP/2, nor be asked to upgrade to it.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public void configure() {
        from("timer:attachment-fetch?delay=2000&period={{gateway.attachments.fetch.interval}}")
                .routeId("attachment-fetch")
                .process(exchange -> round());
    }

    /** One round: every due reference, up to the batch size, when this instance holds the lease. */
    void round() {
        try {
            OffsetDateTime now = GatewayTime.now(clock);
            List<AttachmentStore.Referenced> due = store.dueReferences(now, config.fetch().batchSize());
            // The lease is a durable write: taken only when there is something to fetch.
            if (due.isEmpty() || !leases.tryAcquire(LEASE, gateway.instanceId(), now, config.fetch().leaseTime())) {
                return;
            }
            for (AttachmentStore.Referenced reference : due) {
                try {
                    fetch(reference);
                } catch (Exception e) {
                    // The ledger did not take the outcome: the reference stays due and is tried again.
                    LOG.warnf("Attachment %s: fetch not recorded (%s)", reference.id(), e.getClass().getSimpleName());
                }
            }
        } catch (Exception e) {
            LOG.warnf("Attachment fetch round failed: %s", e.getClass().getSimpleName());
        }
    }

    /** A failure that a later attempt may not meet. */
    private static final class NotReached extends Exception {
        final transient Text reason;

        NotReached(Text reason) {
            super(reason.toString(), null, false, false);
            this.reason = reason;
        }
    }

    /** A file that will never be taken as it is. */
    private static final class Refused extends Exception {
        final transient Text reason;

        Refused(Text reason) {
            super(reason.toString(), null, false, false);
            this.reason = reason;
        }
    }

    private void fetch(AttachmentStore.Referenced reference) throws Exception {
        Path file = null;
        try {
            FileServer server = servers.of(reference.source())
                    .orElseThrow(() -> new Refused(new Text("attachment.fetch-no-server")));
            URI url = server.admit(reference.sourceUrl())
                    .orElseThrow(() -> new Refused(new Text("attachment.fetch-not-allowed")));
            file = Files.createTempFile("fq-fetch-", ".part");
            download(url, server, file);
            AttachmentStore.Upload upload = AttachmentStore.Upload.ofFile(reference.fileName(), file);
            AttachmentStore.Checked checked = store.check(reference.disputeId(), upload, server.maxBytes(), "sourceUrl");
            OffsetDateTime at = GatewayTime.now(clock);
            ledger.inTransaction(tx -> {
                Optional<AttachmentRef> attached = store.fetched(tx, reference, checked, upload, at);
                if (attached.isPresent()) {
                    replaceReference(tx, reference.disputeId(), attached.get(), at);
                }
                return null;
            });
            LOG.infof("Attachment %s of dispute %s fetched from its source", reference.id(), reference.disputeId());
        } catch (Refused e) {
            giveUp(reference, e.reason);
        } catch (InvalidRequestException e) {
            giveUp(reference, reasonOf(e));
        } catch (PayloadTooLargeException e) {
            giveUp(reference, e.text());
        } catch (ServiceUnavailableException e) {
            later(reference, new Text("attachment.scan-unavailable"));
        } catch (NotReached e) {
            later(reference, e.reason);
        } catch (IOException e) {
            later(reference, new Text("attachment.fetch-unreachable", e.getClass().getSimpleName()));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file; the system's cleaning takes it
                }
            }
        }
    }

    /**
     * The file server's answer to a GET, into {@code file}: 200 only, at most the source's limit, all
     * within the timeout.
     */
    private void download(URI url, FileServer server, Path file) throws NotReached, Refused, IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(server.timeout()).GET();
        if (server.authorization() != null) {
            request.header("Authorization", server.authorization());
        }
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReached(new Text("attachment.fetch-unreachable", "interrupted"));
        } catch (java.net.http.HttpTimeoutException e) {
            throw new NotReached(new Text("attachment.fetch-timeout", server.timeout().toSeconds()));
        } catch (IOException e) {
            throw new NotReached(new Text("attachment.fetch-unreachable", e.getClass().getSimpleName()));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (InputStream body = answer.body()) {
            if (answer.statusCode() != 200) {
                throw new NotReached(new Text("attachment.fetch-status", answer.statusCode()));
            }
            long declared = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > server.maxBytes()) {
                throw new Refused(new Text("attachment.too-large", server.maxBytes()));
            }
            // A slow server is cut off: closing the stream ends a read that waits.
            CompletableFuture.runAsync(() -> {
                if (!done.get()) {
                    timedOut.set(true);
                    closeQuietly(body);
                }
            }, CompletableFuture.delayedExecutor(server.timeout().toMillis(), TimeUnit.MILLISECONDS));
            long size = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = body.read(buffer)) >= 0) {
                    size += read;
                    if (size > server.maxBytes()) {
                        throw new Refused(new Text("attachment.too-large", server.maxBytes()));
                    }
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new NotReached(timedOut.get() ? new Text("attachment.fetch-timeout", server.timeout().toSeconds())
                        : new Text("attachment.fetch-unreachable", e.getClass().getSimpleName()));
            }
        } finally {
            done.set(true);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closed to end a read; nothing else to do
        }
    }

    /** The dispute's document: the reference with this id replaced by its new state. */
    private void replaceReference(org.fengqiao.gateway.ledger.UnitOfWork tx, String disputeId, AttachmentRef updated,
            OffsetDateTime at) throws Exception {
        var held = ledger.lock(tx, disputeId);
        if (held.isEmpty()) {
            return;
        }
        CanonicalDispute dispute = json.readValue(held.get().document(), CanonicalDispute.class);
        if (dispute.attachments() == null) {
            return;
        }
        List<AttachmentRef> files = dispute.attachments().stream()
                .map(a -> a.id().equals(updated.id()) ? updated : a).toList();
        ledger.replaceDocument(tx, disputeId, json.writeValueAsString(dispute.toBuilder().attachments(files).build()),
                at);
    }

    private void giveUp(AttachmentStore.Referenced reference, Text reason) throws Exception {
        OffsetDateTime at = GatewayTime.now(clock);
        ledger.inTransaction(tx -> {
            if (store.failed(tx, reference, chinese(reason), at)) {
                replaceReference(tx, reference.disputeId(), new AttachmentRef(reference.id(), reference.fileName(),
                        null, null, null, "/api/v1/disputes/" + reference.disputeId() + "/attachments/" + reference.id(),
                        reference.sourceUrl(), AttachmentRef.FAILED), at);
            }
            return null;
        });
        // The reason names a status, a type, a size or a signature, never the file's name or URL.
        LOG.warnf("Attachment %s of dispute %s not taken from its source (attempt %d): %s", reference.id(),
                reference.disputeId(), reference.attempts() + 1, reason.english());
    }

    private void later(AttachmentStore.Referenced reference, Text reason) throws Exception {
        int attempt = reference.attempts() + 1;
        if (attempt >= config.fetch().maxAttempts()) {
            giveUp(reference, reason);
            return;
        }
        Duration wait = config.fetch().firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        if (wait.compareTo(config.fetch().maxBackoff()) > 0) {
            wait = config.fetch().maxBackoff();
        }
        store.retryLater(reference, chinese(reason), GatewayTime.now(clock).plus(wait));
        LOG.infof("Attachment %s of dispute %s not fetched (attempt %d), again in %s: %s", reference.id(),
                reference.disputeId(), attempt, wait, reason.english());
    }

    private static Text reasonOf(InvalidRequestException e) {
        List<FieldViolation> violations = e.violations();
        if (!violations.isEmpty() && violations.get(0).text() != null) {
            return violations.get(0).text();
        }
        return new Text("attachment.fetch-refused");
    }

    /** Reasons are kept as the console shows them, in Chinese. */
    private static String chinese(Text text) {
        return ProblemTexts.render(ProblemTexts.CHINESE, text);
    }
}
