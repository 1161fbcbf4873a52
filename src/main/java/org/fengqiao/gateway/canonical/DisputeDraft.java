package org.fengqiao.gateway.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a source adapter hands to the shared stages: the facts of the case in canonical terms,
 * before jurisdiction, category and assignment are decided. Source adapters build this and nothing
 * else; everything after it knows no source.
 *
 * @param sourceCategoryCode the source's own category code, if it has codes
 * @param sourceCategoryName the source's own category name (e.g. the hotline's 分类名称)
 * @param countyHint a 6-digit county code given by the source, if any
 * @param claims what the applicant asks for (诉求请求 / 诉讼请求), if the source says
 * @param sourceDueAt a deadline set by the source itself, if any
 * @param attachments files the source sent inline with the case, not yet stored; empty when none
 */
public record DisputeDraft(
        CanonicalDispute.Source source,
        String sourceCategoryCode,
        String sourceCategoryName,
        AppealType appealType,
        String title,
        String description,
        String claims,
        OffsetDateTime occurredAt,
        Urgency urgency,
        Integer personCount,
        BigDecimal amount,
        String address,
        String standardAddressCode,
        String countyHint,
        List<CanonicalDispute.Party> parties,
        String priorHandling,
        OffsetDateTime sourceDueAt,
        RiskLevel riskLevel,
        List<String> riskFlags,
        List<SourceAttachment> attachments) {

    /**
     * A file a source sent with its case. Inline: its bytes travel with the draft as far as the intake,
     * which stores them and puts only their reference in the dispute. By reference: its URL on the
     * source's file server, already checked against the server's prefixes; the intake records the
     * reference and the gateway fetches the bytes later.
     *
     * @param field     where the source put the bytes or the URL, e.g. {@code fj[0].nr}, for a refusal to name
     * @param content   the bytes; null for a file sent by reference
     * @param sourceUrl the URL; null for a file sent inline
     */
    public record SourceAttachment(String field, String fileName, byte[] content, String sourceUrl) {

        public SourceAttachment(String field, String fileName, byte[] content) {
            this(field, fileName, content, null);
        }

        /** A file the source keeps on its file server. */
        public static SourceAttachment byReference(String field, String fileName, String sourceUrl) {
            return new SourceAttachment(field, fileName, null, sourceUrl);
        }

        public boolean byReference() {
            return content == null;
        }

        @Override
        public String toString() {
            // Never the bytes, the URL nor the name (they may hold a person's name).
            return "SourceAttachment[" + field + ", " + (content == null ? "by reference" : content.length + " bytes")
                    + "]";
        }
    }

    /**
     * The same draft received at another time: a historical record (backfill) enters at the time the
     * source received it, not at the time it is read from the file.
     */
    public DisputeDraft receivedAt(OffsetDateTime at) {
        return new DisputeDraft(new CanonicalDispute.Source(source.system(), source.recordId(), source.channel(), at),
                sourceCategoryCode, sourceCategoryName, appealType, title, description, claims, occurredAt, urgency,
                personCount, amount, address, standardAddressCode, countyHint, parties, priorHandling, sourceDueAt,
                riskLevel, riskFlags, attachments);
    }

    /**
     * A draft from {@code source}: an adapter names each fact it has; what it does not set stays absent.
     * A builder because most sources know only some of the nineteen facts.
     */
    public static Builder from(CanonicalDispute.Source source) {
        return new Builder(source);
    }

    public static final class Builder {
        private final CanonicalDispute.Source source;
        private String sourceCategoryCode;
        private String sourceCategoryName;
        private AppealType appealType;
        private String title;
        private String description;
        private String claims;
        private OffsetDateTime occurredAt;
        private Urgency urgency;
        private Integer personCount;
        private BigDecimal amount;
        private String address;
        private String standardAddressCode;
        private String countyHint;
        private List<CanonicalDispute.Party> parties;
        private String priorHandling;
        private OffsetDateTime sourceDueAt;
        private RiskLevel riskLevel;
        private List<String> riskFlags;
        private List<SourceAttachment> attachments = List.of();

        private Builder(CanonicalDispute.Source source) {
            this.source = source;
        }

        public Builder sourceCategoryCode(String value) { sourceCategoryCode = value; return this; }
        public Builder sourceCategoryName(String value) { sourceCategoryName = value; return this; }
        public Builder appealType(AppealType value) { appealType = value; return this; }

        /** The title and the full description of the case. */
        public Builder text(String titleText, String descriptionText) {
            this.title = titleText;
            this.description = descriptionText;
            return this;
        }

        public Builder claims(String value) { claims = value; return this; }
        public Builder occurredAt(OffsetDateTime value) { occurredAt = value; return this; }
        public Builder urgency(Urgency value) { urgency = value; return this; }

        /** How many people and how much money the dispute involves, either may be absent. */
        public Builder scale(Integer persons, BigDecimal money) {
            this.personCount = persons;
            this.amount = money;
            return this;
        }

        /** Where it happened: the address as given, the standard address code and county, if known. */
        public Builder place(String addressText, String addressCode, String county) {
            this.address = addressText;
            this.standardAddressCode = addressCode;
            this.countyHint = county;
            return this;
        }

        public Builder parties(List<CanonicalDispute.Party> value) { parties = value; return this; }
        public Builder priorHandling(String value) { priorHandling = value; return this; }
        public Builder sourceDueAt(OffsetDateTime value) { sourceDueAt = value; return this; }

        public Builder risk(RiskLevel level, List<String> flags) {
            this.riskLevel = level;
            this.riskFlags = flags;
            return this;
        }

        public Builder attachments(List<SourceAttachment> value) { attachments = List.copyOf(value); return this; }

        public DisputeDraft build() {
            return new DisputeDraft(source, sourceCategoryCode, sourceCategoryName, appealType, title, description,
                    claims, occurredAt, urgency, personCount, amount, address, standardAddressCode, countyHint,
                    parties, priorHandling, sourceDueAt, riskLevel, riskFlags, attachments);
        }
    }
}
