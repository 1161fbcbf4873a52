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
        List<RelatedLink> related) {

    public static final String SCHEMA_VERSION = "1.0";
    public static final String SCHEMA_PATH = "/api/v1/schemas/canonical-dispute-v1.json";

    /** The same dispute with a new assignment and status: what a re-route, reopening or escalation delivers. */
    public CanonicalDispute reassigned(Assignment newAssignment, DisputeStatus newStatus) {
        return new CanonicalDispute(schemaVersion, disputeId, newStatus, source, category, appealType, title,
                description, claims, occurredAt, urgency, personCount, amount, location, parties, priorHandling,
                newAssignment, risk, related);
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
            String villageCode, Resolution resolution) {
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assignment(String handlerId, String handlerName, List<String> coHandlerIds,
            OffsetDateTime dispatchedAt, OffsetDateTime signBy, OffsetDateTime dueAt, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Risk(RiskLevel level, List<String> flags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RelatedLink(String disputeId, String relation, String reason) {
    }
}
