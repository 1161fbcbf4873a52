package org.fengqiao.gateway.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.CanonicalDispute.AttachmentRef;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.UnitOfWork;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.PayloadTooLargeException;
import org.fengqiao.gateway.problem.ServiceUnavailableException;
import org.fengqiao.gateway.problem.Text;
import org.jboss.logging.Logger;

/**
 * The attachments of disputes, bytes and all, in the ledger's database (the embedded H2 file or
 * PostgreSQL, so every instance serves every file).
 *
 * <p>Bytes are checked (size, type from the content, the virus scan when configured) and written in
 * a durable transaction of their own, {@code PENDING}, before the act that refers to them is taken.
 * The act marks them {@code ATTACHED} in its own unit of work ({@link #attach}), so the act's record
 * (and on the embedded fast path anything journaled for it) carries the reference only. Bytes whose
 * act was refused stay {@code PENDING}: the console, which uploads and acts in one request, deletes
 * them at once ({@link #discard}); over the API the client may still name them in its next act, and
 * whatever no act took within {@code gateway.attachments.orphan-grace} is swept.
 */
@ApplicationScoped
public class AttachmentStore {

    /** The field a refusal names: the file part of the API's upload, the console's file input. */
    public static final String FIELD = "file";
    public static final String ID_PATTERN = "AT[0-9a-f]{32}";
    private static final Logger LOG = Logger.getLogger(AttachmentStore.class);
    private static final int MAX_FILE_NAME = 200;

    /** A file as it arrived: its name as the sender gave it, and its bytes, which can be read more than once. */
    public interface Upload {
        String fileName();

        InputStream open() throws IOException;

        /** A file the HTTP layer kept in its uploads folder while the request lasts. */
        static Upload ofFile(String fileName, java.nio.file.Path file) {
            return new Upload() {
                @Override
                public String fileName() {
                    return fileName;
                }

                @Override
                public InputStream open() throws IOException {
                    return java.nio.file.Files.newInputStream(file);
                }
            };
        }

        /** A file a source sent inline in its payload, already decoded. */
        static Upload ofBytes(String fileName, byte[] bytes) {
            return new Upload() {
                @Override
                public String fileName() {
                    return fileName;
                }

                @Override
                public InputStream open() {
                    return new java.io.ByteArrayInputStream(bytes);
                }
            };
        }
    }

    /** An attachment with its bytes, for a download. */
    public record Content(StoredAttachment attachment, byte[] bytes) {
    }

    @Inject
    LedgerDatabase database;
    @Inject
    AttachmentsConfig config;
    @Inject
    Clock clock;

    private ContentTypes types;
    private ClamdScanner scanner;

    @PostConstruct
    void init() {
        types = new ContentTypes(config.allowedTypes());
        var scan = config.scan();
        scanner = scan.enabled() ? new ClamdScanner(scan.host(), scan.port(), scan.timeout()) : null;
    }

    /** Largest file taken, in bytes. */
    public long maxBytes() {
        return config.maxSize().asLongValue();
    }

    /**
     * Checks the file and writes it, durably, as waiting for its act.
     *
     * @param maxBytes the limit for this sender, at most {@link #maxBytes()}
     * @throws PayloadTooLargeException above the limit
     * @throws InvalidRequestException  empty, a type not allowed, or the virus scan found something
     * @throws ServiceUnavailableException the virus scan is on and gave no verdict
     */
    public StoredAttachment store(String disputeId, String uploadedBy, String person, Upload upload, long maxBytes)
            throws IOException, SQLException {
        return store(disputeId, uploadedBy, person, upload, maxBytes, FIELD);
    }

    /**
     * {@link #store(String, String, String, Upload, long)} for a file that came in a field of its own
     * name, which a refusal names (a source's {@code fj[0].nr}).
     */
    public StoredAttachment store(String disputeId, String uploadedBy, String person, Upload upload, long maxBytes,
            String field) throws IOException, SQLException {
        Checked checked = check(disputeId, upload, maxBytes, field);
        long size = checked.size();
        String contentType = checked.contentType();
        StoredAttachment stored = new StoredAttachment(newId(), disputeId, fileName(upload.fileName()), contentType,
                size, checked.sha256(), uploadedBy, person, GatewayTime.now(clock));
        long expected = size;
        database.transaction(UnitOfWork.Commit.DURABLE, tx -> {
            try (PreparedStatement s = tx.prepare("""
                    insert into attachment (attachment_id, dispute_id, state, sha256, content_type, size_bytes,
                        file_name, uploaded_by, person, created_at, content)
                    values (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?)""");
                    InputStream in = upload.open()) {
                s.setString(1, stored.id());
                s.setString(2, disputeId);
                s.setString(3, stored.sha256());
                s.setString(4, contentType);
                s.setLong(5, expected);
                s.setString(6, stored.fileName());
                s.setString(7, uploadedBy);
                s.setString(8, person);
                s.setObject(9, stored.createdAt());
                s.setBinaryStream(10, in, expected);
                s.executeUpdate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        return stored;
    }

    /** What the checks found out about a file they took. */
    record Checked(long size, String sha256, String contentType) {
    }

    /**
     * The checks every file passes, whichever door it came in by, in order: size, not empty, type from
     * the bytes, the virus scan when configured.
     */
    Checked check(String disputeId, Upload upload, long maxBytes, String field) throws IOException {
        long limit = Math.min(maxBytes, maxBytes());
        MessageDigest sha256 = sha256();
        long size = 0;
        try (InputStream in = new DigestInputStream(upload.open(), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                size += read;
                if (size > limit) {
                    throw new PayloadTooLargeException(new Text("attachment.too-large", limit), limit);
                }
            }
        }
        if (size == 0) {
            throw new InvalidRequestException(field, new Text("attachment.empty"));
        }
        String contentType;
        try (InputStream in = upload.open()) {
            contentType = types.detect(in);
        }
        if (!types.allowed(contentType)) {
            throw new InvalidRequestException(field, new Text("attachment.type", contentType, types.allowedNames()));
        }
        if (scanner != null) {
            ClamdScanner.Verdict verdict;
            try (InputStream in = upload.open()) {
                verdict = scanner.scan(in);
            }
            switch (verdict.outcome()) {
                case FOUND -> {
                    // The signature's name only: nothing of the file or its sender.
                    LOG.warnf("Attachment refused for dispute %s: the virus scan found %s", disputeId, verdict.detail());
                    throw new InvalidRequestException(field, new Text("attachment.infected", verdict.detail()));
                }
                case UNAVAILABLE -> {
                    LOG.warnf("Attachment refused: no virus scan verdict (%s)", verdict.detail());
                    throw new ServiceUnavailableException(new Text("attachment.scan-unavailable"),
                            java.time.Duration.ofSeconds(30), null);
                }
                case CLEAN -> {
                }
            }
        }
        return new Checked(size, HexFormat.of().formatHex(sha256.digest()), contentType);
    }

    /**
     * Within an act's unit of work: the uploads it names become part of the dispute's record. Each must
     * be this dispute's, uploaded by the same handler and not yet taken by another act.
     *
     * @return their references, in the order named
     * @throws InvalidRequestException naming {@code attachments} when one is not such an upload
     */
    public List<AttachmentRef> attach(UnitOfWork tx, String disputeId, String uploadedBy, List<String> ids,
            OffsetDateTime at) throws SQLException {
        List<AttachmentRef> references = new ArrayList<>();
        for (String id : ids) {
            StoredAttachment pending = null;
            try (PreparedStatement s = tx.prepare("""
                    select attachment_id, dispute_id, file_name, content_type, size_bytes, sha256, uploaded_by,
                           person, created_at
                    from attachment
                    where attachment_id = ? and dispute_id = ? and uploaded_by = ? and state = 'PENDING'
                    for update""")) {
                s.setString(1, id);
                s.setString(2, disputeId);
                s.setString(3, uploadedBy);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        pending = read(rs);
                    }
                }
            }
            if (pending == null) {
                throw new InvalidRequestException("attachments", new Text("attachment.not-pending", id));
            }
            try (PreparedStatement s = tx.prepare(
                    "update attachment set state = 'ATTACHED', attached_at = ? where attachment_id = ?")) {
                s.setObject(1, at);
                s.setString(2, id);
                s.executeUpdate();
            }
            references.add(pending.reference());
        }
        return references;
    }

    private static String newId() {
        return "AT" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The reference a new dispute carries for a file its source sent as a URL: no bytes yet, so no
     * type, size or hash. Recording the dispute records the reference ({@code REFERENCED}) in the same
     * transaction; the {@link AttachmentFetcher} fetches it later.
     */
    public AttachmentRef reference(String disputeId, String fileName, String sourceUrl) {
        String id = newId();
        return AttachmentRef.referenced(id, fileName(fileName), "/api/v1/disputes/" + disputeId + "/attachments/" + id,
                sourceUrl);
    }

    /** A reference waiting to be fetched. */
    record Referenced(String id, String disputeId, String fileName, String source, String sourceUrl, int attempts) {

        @Override
        public String toString() {
            // Neither the name nor the URL: they may name a person.
            return "Referenced[" + id + ", " + disputeId + ", attempt " + (attempts + 1) + "]";
        }
    }

    /** References due for an attempt, the longest due first. */
    List<Referenced> dueReferences(OffsetDateTime now, int limit) throws SQLException {
        List<Referenced> due = new ArrayList<>();
        try (var c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select attachment_id, dispute_id, file_name, uploaded_by, source_url, attempts
                from attachment where state = 'REFERENCED' and next_attempt_at <= ?
                order by next_attempt_at, attachment_id fetch first %d rows only""".formatted(limit))) {
            s.setObject(1, now);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(new Referenced(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6)));
                }
            }
        }
        return due;
    }

    /**
     * Within the fetch's unit of work: the checked bytes become the referenced file's, {@code ATTACHED}.
     *
     * @return its new reference; empty when it is no longer waiting (another instance took it)
     */
    Optional<AttachmentRef> fetched(UnitOfWork tx, Referenced reference, Checked checked, Upload upload,
            OffsetDateTime at) throws SQLException, IOException {
        try (PreparedStatement s = tx.prepare("""
                update attachment set state = 'ATTACHED', sha256 = ?, content_type = ?, size_bytes = ?, content = ?,
                    attempts = attempts + 1, attached_at = ?, next_attempt_at = null, failure = null
                where attachment_id = ? and state = 'REFERENCED'""");
                InputStream in = upload.open()) {
            s.setString(1, checked.sha256());
            s.setString(2, checked.contentType());
            s.setLong(3, checked.size());
            s.setBinaryStream(4, in, checked.size());
            s.setObject(5, at);
            s.setString(6, reference.id());
            if (s.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        String href = "/api/v1/disputes/" + reference.disputeId() + "/attachments/" + reference.id();
        return Optional.of(new AttachmentRef(reference.id(), reference.fileName(), checked.contentType(), checked.size(),
                checked.sha256(), href, reference.sourceUrl(), AttachmentRef.ATTACHED));
    }

    /** Within the fetch's unit of work: the reference is given up, with why; it keeps no bytes. */
    boolean failed(UnitOfWork tx, Referenced reference, String reason, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = tx.prepare("""
                update attachment set state = 'FAILED', failure = ?, attempts = attempts + 1, next_attempt_at = null,
                    attached_at = ?
                where attachment_id = ? and state = 'REFERENCED'""")) {
            s.setString(1, shortened(reason));
            s.setObject(2, at);
            s.setString(3, reference.id());
            return s.executeUpdate() == 1;
        }
    }

    /** A failed attempt that is not the last: the reference waits until {@code next}, durably. */
    void retryLater(Referenced reference, String reason, OffsetDateTime next) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, tx -> {
            try (PreparedStatement s = tx.prepare("""
                    update attachment set attempts = attempts + 1, next_attempt_at = ?, failure = ?
                    where attachment_id = ? and state = 'REFERENCED'""")) {
                s.setObject(1, next);
                s.setString(2, shortened(reason));
                s.setString(3, reference.id());
                return s.executeUpdate();
            }
        });
    }

    private static String shortened(String reason) {
        return reason == null ? null : reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
    }

    /**
     * A file of a dispute as its page lists it: attached, or sent by reference and still waiting for
     * the fetch ({@code REFERENCED}) or given up ({@code FAILED}, with the reason).
     */
    public record Listed(StoredAttachment file, String state, String failure) {
    }

    /** The dispute's files, attached or referenced, oldest first; without bytes. Uploads no act took are not. */
    public List<Listed> listedFor(String disputeId) throws SQLException {
        List<Listed> found = new ArrayList<>();
        try (var c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select attachment_id, dispute_id, file_name, content_type, size_bytes, sha256, uploaded_by,
                       person, created_at, state, failure
                from attachment where dispute_id = ? and state in ('ATTACHED', 'REFERENCED', 'FAILED')
                order by created_at, attachment_id""")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Listed(read(rs), rs.getString(10), rs.getString(11)));
                }
            }
        }
        return found;
    }

    /** An upload whose act was refused: its bytes go at once. An attached file is never deleted here. */
    public void discard(String attachmentId) throws SQLException {
        database.transaction(UnitOfWork.Commit.REPLAYABLE, tx -> {
            try (PreparedStatement s = tx.prepare(
                    "delete from attachment where attachment_id = ? and state = 'PENDING'")) {
                s.setString(1, attachmentId);
                return s.executeUpdate();
            }
        });
    }

    /** The dispute's attachments, oldest first, without their bytes. */
    public List<StoredAttachment> attachedTo(String disputeId) throws SQLException {
        List<StoredAttachment> found = new ArrayList<>();
        try (var c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select attachment_id, dispute_id, file_name, content_type, size_bytes, sha256, uploaded_by,
                       person, created_at
                from attachment where dispute_id = ? and state = 'ATTACHED'
                order by created_at, attachment_id""")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    /** One attachment of the dispute with its bytes; empty when the dispute has no such attachment. */
    public Optional<Content> content(String disputeId, String attachmentId) throws SQLException {
        if (attachmentId == null || !attachmentId.matches(ID_PATTERN)) {
            return Optional.empty();
        }
        try (var c = database.connection(); PreparedStatement s = c.prepareStatement("""
                select attachment_id, dispute_id, file_name, content_type, size_bytes, sha256, uploaded_by,
                       person, created_at, content
                from attachment where attachment_id = ? and dispute_id = ? and state = 'ATTACHED'""")) {
            s.setString(1, attachmentId);
            s.setString(2, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Content(read(rs), rs.getBytes(10))) : Optional.empty();
            }
        }
    }

    /**
     * Bytes no act took within the grace: their act was refused, or the gateway stopped between the two
     * transactions. Deleting them again is harmless, so several instances may sweep at once.
     */
    @Scheduled(every = "${gateway.attachments.orphan-sweep-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepOrphans() {
        try {
            int swept = sweepOrphansBefore(GatewayTime.now(clock).minus(config.orphanGrace()));
            if (swept > 0) {
                LOG.infof("Swept %d attachment(s) no act referred to", swept);
            }
        } catch (SQLException e) {
            LOG.warnf("Attachment sweep failed: %s", e.getClass().getSimpleName());
        }
    }

    int sweepOrphansBefore(OffsetDateTime cutoff) throws SQLException {
        return database.transaction(UnitOfWork.Commit.REPLAYABLE, tx -> {
            try (PreparedStatement s = tx.prepare(
                    "delete from attachment where state = 'PENDING' and created_at < ?")) {
                s.setObject(1, cutoff);
                return s.executeUpdate();
            }
        });
    }

    private static StoredAttachment read(ResultSet rs) throws SQLException {
        return new StoredAttachment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8),
                GatewayTime.inZone(rs.getObject(9, OffsetDateTime.class)));
    }

    /**
     * The name to show and to offer on download: the last part of what the sender gave, without
     * control or direction-changing characters, at most {@value #MAX_FILE_NAME} characters.
     */
    static String fileName(String given) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\\p{Cf}]", "").strip();
        if (name.codePointCount(0, name.length()) > MAX_FILE_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_FILE_NAME));
        }
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "附件" : name;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
