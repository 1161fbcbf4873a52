package org.fengqiao.gateway.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The canonical dispute message, v1: what every handler receives whatever the source. Published as
 * a JSON Schema at {@value #SCHEMA_PATH}. Extend, never rename: handlers validate against it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalDispute(
        String schemaVersion,
        String disputeId,
        DisputeStatus status,
        Source source,
        CategoryRef category,
        AppealType appealType,
        String title,
        String description,
        String claims,
        OffsetDateTime occurredAt,
        Urgency urgency,
        Integer personCount,
        BigDecimal amount,
        Location location,
        List<Party> parties,
        String priorHandling,
        Assignment assignment,
        Risk risk,
        List<RelatedLink> related,
        List<AttachmentRef> attachments) {

    /** 1.1 added {@code attachments}; 1.2 their {@code sourceUrl} and {@code state}, for files sent by reference. */
    public static final String SCHEMA_VERSION = "1.2";
    public static final String SCHEMA_PATH = "/api/v1/schemas/canonical-dispute-v1.json";

    /** The same dispute with a new assignment and status: what a re-route, reopening or escalation delivers. */
    public CanonicalDispute reassigned(Assignment newAssignment, DisputeStatus newStatus) {
        return toBuilder().assignment(newAssignment).status(newStatus).build();
    }

    /** A new dispute of the current schema version: callers name each part they set. */
    public static Builder builder(String disputeId, DisputeStatus status) {
        return new Builder(SCHEMA_VERSION, disputeId, status);
    }

    /** This dispute, to change some of its parts and keep the rest. */
    public Builder toBuilder() {
        return new Builder(schemaVersion, disputeId, status).source(source).category(category)
                .appealType(appealType).title(title).description(description).claims(claims)
                .occurredAt(occurredAt).urgency(urgency).personCount(personCount).amount(amount)
                .location(location).parties(parties).priorHandling(priorHandling).assignment(assignment)
                .risk(risk).related(related).attachments(attachments);
    }

    /** The same dispute with more attachments after those it has. */
    public CanonicalDispute withAttachments(List<AttachmentRef> more) {
        List<AttachmentRef> all = new java.util.ArrayList<>(attachments == null ? List.of() : attachments);
        all.addAll(more);
        return toBuilder().attachments(List.copyOf(all)).build();
    }

    /** A builder because the message has twenty parts and most of them may be absent. */
    public static final class Builder {
        private final String schemaVersion;
        private final String disputeId;
        private DisputeStatus status;
        private Source source;
        private CategoryRef category;
        private AppealType appealType;
        private String title;
        private String description;
        private String claims;
        private OffsetDateTime occurredAt;
        private Urgency urgency;
        private Integer personCount;
        private BigDecimal amount;
        private Location location;
        private List<Party> parties;
        private String priorHandling;
        private Assignment assignment;
        private Risk risk;
        private List<RelatedLink> related;
        private List<AttachmentRef> attachments;

        private Builder(String schemaVersion, String disputeId, DisputeStatus status) {
            this.schemaVersion = schemaVersion;
            this.disputeId = disputeId;
            this.status = status;
        }

        public Builder status(DisputeStatus value) { status = value; return this; }
        public Builder source(Source value) { source = value; return this; }
        public Builder category(CategoryRef value) { category = value; return this; }
        public Builder appealType(AppealType value) { appealType = value; return this; }
        public Builder title(String value) { title = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder claims(String value) { claims = value; return this; }
        public Builder occurredAt(OffsetDateTime value) { occurredAt = value; return this; }
        public Builder urgency(Urgency value) { urgency = value; return this; }
        public Builder personCount(Integer value) { personCount = value; return this; }
        public Builder amount(BigDecimal value) { amount = value; return this; }
        public Builder location(Location value) { location = value; return this; }
        public Builder parties(List<Party> value) { parties = value; return this; }
        public Builder priorHandling(String value) { priorHandling = value; return this; }
        public Builder assignment(Assignment value) { assignment = value; return this; }
        public Builder risk(Risk value) { risk = value; return this; }
        public Builder related(List<RelatedLink> value) { related = value; return this; }
        public Builder attachments(List<AttachmentRef> value) { attachments = value; return this; }

        public CanonicalDispute build() {
            return new CanonicalDispute(schemaVersion, disputeId, status, source, category, appealType, title,
                    description, claims, occurredAt, urgency, personCount, amount, location, parties, priorHandling,
                    assignment, risk, related, attachments);
        }
    }

    /**
     * A file of the dispute (a recording, a photo, an agreement scan), by reference: its bytes are read
     * from {@code href} by those who may read the dispute, never carried in a message.
     *
     * <p>A file a source sent by reference (a URL on its own file server) is in the dispute from its
     * first delivery with {@code sourceUrl} and {@code state}: {@code REFERENCED} until the gateway has
     * fetched and checked it, then {@code ATTACHED} with its type, size and hash, or {@code FAILED}.
     * Without a state (every file of 1.1) the file is attached.
     *
     * @param contentType as detected from the bytes
     * @param sourceUrl   where the source keeps the file; only for a file sent by reference
     * @param state       {@code REFERENCED}, {@code ATTACHED} or {@code FAILED}; only for a file sent by reference
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttachmentRef(String id, String fileName, String contentType, Long size, String sha256,
            String href, String sourceUrl, String state) {

        /** A file the source keeps at {@code sourceUrl}, not yet fetched. */
        public static AttachmentRef referenced(String id, String fileName, String href, String sourceUrl) {
            return new AttachmentRef(id, fileName, null, null, null, href, sourceUrl, REFERENCED);
        }

        public static final String REFERENCED = "REFERENCED";
        public static final String ATTACHED = "ATTACHED";
        public static final String FAILED = "FAILED";

        /** True for a file sent by reference that the gateway has not fetched yet. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean awaitingFetch() {
            return REFERENCED.equals(state);
        }
    }

    /** Where the case came from: the source system and its own record number. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String system, String recordId, String channel, OffsetDateTime receivedAt) {
    }

    /** The canonical category, the source's own, and the rule that connected them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryRef(Category code, String name, String sourceCode, String sourceName, String rule) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String address, String standardAddressCode, String countyCode, String townshipCode,
            String villageCode, String gridCode, Resolution resolution) {
    }

    /** How the jurisdiction was found; candidates are listed whenever the address was ambiguous. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resolution(String method, double confidence, List<Candidate> candidates) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(String code, String name, String level, String countyCode) {
    }

    /**
     * One person in the dispute. {@code idNumberValid} is set by the gateway whenever there is an ID
     * number: false when it fails the GB 11643 check (a typo at the source, kept as given and flagged).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(PartyRole role, String name, String idNumber, String phone, String address,
            Boolean idNumberValid) {

        /** As the sources give it, before the gateway has checked the ID number. */
        public Party(PartyRole role, String name, String idNumber, String phone, String address) {
            this(role, name, idNumber, phone, address, null);
        }

        public Party withIdNumberValid(Boolean valid) {
            return new Party(role, name, idNumber, phone, address, valid);
        }
    }

    /** Who holds the dispute; {@code gridCode} names the grid (网格) of its standard address, where known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assignment(String handlerId, String handlerName, List<String> coHandlerIds,
            OffsetDateTime dispatchedAt, OffsetDateTime signBy, OffsetDateTime dueAt, String reason, String gridCode) {

        /** An assignment of a place with no known grid. */
        public Assignment(String handlerId, String handlerName, List<String> coHandlerIds,
                OffsetDateTime dispatchedAt, OffsetDateTime signBy, OffsetDateTime dueAt, String reason) {
            this(handlerId, handlerName, coHandlerIds, dispatchedAt, signBy, dueAt, reason, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Risk(RiskLevel level, List<String> flags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RelatedLink(String disputeId, String relation, String reason) {
    }
}
