package org.fengqiao.gateway.intake;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;


import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.attachment.AttachmentStore;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.CanonicalDispute.Assignment;
import org.fengqiao.gateway.canonical.CanonicalDispute.CategoryRef;
import org.fengqiao.gateway.canonical.CanonicalDispute.Location;
import org.fengqiao.gateway.canonical.CanonicalDispute.Risk;
import org.fengqiao.gateway.canonical.DisputeDraft;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.delivery.DeliveryGuarantee;
import org.fengqiao.gateway.delivery.GroupCommit;
import org.fengqiao.gateway.ledger.PendingDelivery;
import org.fengqiao.gateway.jurisdiction.Candidate;
import org.fengqiao.gateway.jurisdiction.standard.AddressResolution;
import org.fengqiao.gateway.jurisdiction.Resolution;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.DuplicateSourceRecordException;
import org.fengqiao.gateway.ledger.LedgerEntry;
import org.fengqiao.gateway.ledger.PartyKeys;
import org.fengqiao.gateway.ledger.SameMatter;
import org.fengqiao.gateway.observability.CaseMdc;
import org.fengqiao.gateway.observability.CaseTracing;
import org.fengqiao.gateway.privacy.IdNumbers;
import org.fengqiao.gateway.problem.ServiceUnavailableException;
import org.fengqiao.gateway.routing.CategoryClassifier;
import org.fengqiao.gateway.routing.CategoryDecision;
import org.fengqiao.gateway.supervision.DeadlinePolicy;
import org.fengqiao.gateway.ledger.SupervisionTimes;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;

/**
 * Stages 3–5 for every source: enrich (jurisdiction, category, the same matter from another
 * source), route, record, deliver. Answers only once the dispute is committed in the ledger and
 * confirmed by the broker; a repeated source record is answered with the dispute it already is.
 */
@ApplicationScoped
@Named("disputeIntake")
public class DisputeIntake {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** Risk flag of a dispute with a party ID number that fails the GB 11643 check. */
    public static final String INVALID_ID_NUMBER = "INVALID_ID_NUMBER";

    @Inject
    AddressResolution jurisdiction;
    @Inject
    CategoryClassifier categories;
    @Inject
    RoutingPolicy routing;
    @Inject
    HandlerDirectory handlers;
    @Inject
    DeadlinePolicy deadlines;
    @Inject
    DisputeLedger ledger;
    @Inject
    DeliveryGuarantee guarantee;
    @Inject
    PartyKeys partyKeys;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;
    @Inject
    LinkingConfig linking;
    @Inject
    CaseTracing tracing;
    @Inject
    AttachmentStore attachments;

    /** Step intake-check-known-record: the case starts; the ledger says whether it has this source record. */
    public IntakeCase checkKnownRecord(DisputeDraft draft) throws SQLException {
        IntakeCase intake = new IntakeCase(draft, GatewayTime.now(clock));
        intake.known = ledger.findBySourceRecord(draft.source().system(), draft.source().recordId()).orElse(null);
        return intake;
    }

    /** Step intake-answer-known-record: same record again, same dispute (delivering it if still pending). */
    public void answerKnownRecord(IntakeCase intake) throws Exception {
        intake.outcome = repeated(intake.known);
    }

    /** Step intake-resolve-jurisdiction: the township (or county) of the address. */
    public void resolveJurisdiction(IntakeCase intake) {
        DisputeDraft draft = intake.draft();
        intake.place = jurisdiction.resolve(draft.address(), draft.countyHint(), draft.standardAddressCode());
    }

    /** Step intake-decide-category-and-handler: the canonical category, then category × place → handler. */
    public void decideCategoryAndHandler(IntakeCase intake) {
        DisputeDraft draft = intake.draft();
        intake.category = categories.classify(draft.source().system(), draft.sourceCategoryCode(),
                draft.sourceCategoryName(), draft.title(), draft.description());
        var decision = routing.decide(new RoutingPolicy.Facts(intake.category.category(), draft.source().system(),
                intake.place.countyCode(), intake.place.townshipCode(), intake.place.method().name()));
        intake.handlerId = decision.handlerId();
        intake.reason = decision.reason();
        intake.coHandlerIds = routing.gridCoHandler(intake.category.category(), intake.place.gridCode())
                .map(List::of).orElse(List.of());
    }

    /**
     * Step intake-link-same-matter: the same matter from another source goes to whoever already holds
     * it, linked both ways; neither report is dropped or merged.
     */
    public void linkSameMatter(IntakeCase intake) throws SQLException {
        DisputeDraft draft = intake.draft();
        linkSameMatter(intake, ledger.findSameMatter(draft.source().system(), intake.place.townshipCode(),
                partyKeys.keysOf(draft.parties()), intake.receivedAt().minus(linking.window())));
    }

    /**
     * A historical record (backfill) through the same enrichment as a live case, at the time the
     * source received it: jurisdiction, category and handler, the same matter, deadlines from that
     * time, the canonical dispute. The handler the source's history names, when it is one the gateway
     * knows, holds it instead of the one the routing policy would choose now. Nothing is recorded
     * and nothing is stored: the source's inline files of old records stay with the source.
     *
     * <p>What a live case reads from the ledger one at a time comes read once for the record's chunk
     * (docs/backfill.md): its dispute id, and the disputes ({@code keyed}) holding a party key of the
     * chunk, of which the record is linked to those {@link DisputeLedger#findSameMatter} would find.
     */
    public IntakeCase historical(DisputeDraft draft, String historicalHandlerId, String disputeId,
            Set<String> recordPartyKeys, List<DisputeLedger.KeyedDispute> keyed) {
        IntakeCase intake = new IntakeCase(draft, draft.source().receivedAt());
        resolveJurisdiction(intake);
        decideCategoryAndHandler(intake);
        linkSameMatter(intake, sameMatter(draft.source().system(), intake.place.townshipCode(), recordPartyKeys,
                intake.receivedAt().minus(linking.window()), keyed));
        if (historicalHandlerId != null && handlers.isKnown(historicalHandlerId)) {
            intake.handlerId = historicalHandlerId;
            intake.reason = "backfill: the handler the source's history names";
        }
        intake.dispute = assemble(disputeId, intake);
        return intake;
    }

    /** {@link DisputeLedger#findSameMatter}'s rule over disputes already read: newest first, each once. */
    static List<SameMatter> sameMatter(String sourceSystem, String townshipCode, Set<String> recordPartyKeys,
            OffsetDateTime since, List<DisputeLedger.KeyedDispute> keyed) {
        if (townshipCode == null || recordPartyKeys.isEmpty() || keyed.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, DisputeLedger.KeyedDispute> found = new java.util.HashMap<>();
        for (DisputeLedger.KeyedDispute k : keyed) {
            if (townshipCode.equals(k.townshipCode()) && !k.receivedAt().isBefore(since)
                    && !sourceSystem.equals(k.sourceSystem()) && recordPartyKeys.contains(k.keyHash())) {
                found.putIfAbsent(k.disputeId(), k);
            }
        }
        return found.values().stream()
                .sorted(java.util.Comparator.comparing(DisputeLedger.KeyedDispute::receivedAt)
                        .thenComparing(DisputeLedger.KeyedDispute::disputeId).reversed())
                .map(k -> new SameMatter(k.disputeId(), k.sourceSystem(), k.handlerId())).toList();
    }

    private void linkSameMatter(IntakeCase intake, List<SameMatter> same) {
        if (same.isEmpty()) {
            return;
        }
        intake.related = new ArrayList<>();
        for (SameMatter earlier : same) {
            intake.related.add(new CanonicalDispute.RelatedLink(earlier.disputeId(), "SAME_MATTER",
                    "same township and party as " + earlier.sourceSystem() + " report " + earlier.disputeId()));
        }
        intake.handlerId = same.get(0).handlerId();
        intake.reason = "same-matter: handled with " + same.get(0).disputeId() + " (" + same.get(0).sourceSystem()
                + "), same township and party";
    }

    /** Step intake-assemble-canonical-dispute: a new dispute id, deadlines, risk flags, the message itself. */
    public void assembleCanonicalDispute(IntakeCase intake) throws SQLException {
        intake.dispute = assemble(ledger.nextDisputeId(intake.receivedAt()), intake);
    }

    /**
     * Step intake-store-attachments: the files the source sent inline are checked (type from the
     * content, the virus scan) and stored, each durably and {@code PENDING}, before the dispute is
     * recorded; the dispute carries their references, and recording it marks them attached in the
     * same transaction ({@link org.fengqiao.gateway.ledger.DisputeLedger#recordAll}). One refused:
     * those already stored for this case go at once, so a refusal leaves nothing behind. A file sent by
     * reference (a URL, already checked against the source's file server) only gets its reference here,
     * {@code REFERENCED}; recording the dispute records it, and the attachment fetcher fetches it later.
     */
    public void storeAttachments(IntakeCase intake) throws Exception {
        var files = intake.draft().attachments();
        if (files == null || files.isEmpty()) {
            return;
        }
        String disputeId = intake.dispute().disputeId();
        String source = intake.draft().source().system();
        List<CanonicalDispute.AttachmentRef> references = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        try {
            for (DisputeDraft.SourceAttachment file : files) {
                if (file.byReference()) {
                    // Nothing is fetched now: the reference is recorded with the dispute, the fetcher gets the bytes.
                    references.add(attachments.reference(disputeId, file.fileName(), file.sourceUrl()));
                    continue;
                }
                var attachment = attachments.store(disputeId, source, null,
                        AttachmentStore.Upload.ofBytes(file.fileName(), file.content()), attachments.maxBytes(),
                        file.field());
                stored.add(attachment.id());
                references.add(attachment.reference());
            }
        } catch (Exception refused) {
            discard(stored);
            throw refused;
        }
        intake.storedAttachments = List.copyOf(stored);
        intake.dispute = intake.dispute().withAttachments(references);
    }

    /** Files stored for a dispute that was not recorded after all; whatever this misses, the sweep takes. */
    private void discard(List<String> attachmentIds) throws SQLException {
        for (String id : attachmentIds) {
            attachments.discard(id);
        }
    }

    /**
     * Step intake-record-and-deliver: ledger and outbox in one transaction (shared with concurrent
     * cases by the group commit), then the broker's confirmation.
     */
    public void recordAndDeliver(IntakeCase intake) throws Exception {
        CanonicalDispute dispute = intake.dispute();
        DisputeDraft draft = intake.draft();
        try (var mdc = CaseMdc.open(dispute.disputeId(), draft.source().system(), dispute.assignment().handlerId())) {
            tracing.remember(dispute.disputeId());
            intake.outcome = record(draft, dispute, intake.receivedAt(), intake.storedAttachments);
            CaseMdc.LOG.debugf("Dispute recorded and delivered (%s)", intake.outcome.status());
        }
    }

    private IntakeOutcome record(DisputeDraft draft, CanonicalDispute dispute, OffsetDateTime now,
            List<String> storedAttachments) throws Exception {
        var times = deadlines.supervised(now, dispute.assignment().signBy(), dispute.assignment().dueAt());
        var record = ledger.newDispute(dispute, json.writeValueAsString(dispute),
                partyKeys.keysOf(draft.parties()), new SupervisionTimes(times.remindAt(), times.escalateAt()));
        GroupCommit.Outcome outcome;
        try {
            outcome = guarantee.recordAndDeliver(record);
        } catch (java.util.concurrent.TimeoutException e) {
            // Ledger or broker too slow to answer: the case may or may not be recorded; a retry is a safe repeat.
            throw new ServiceUnavailableException(new org.fengqiao.gateway.problem.Text("intake.not-recorded-in-time"),
                    RETRY_AFTER, null);
        }
        switch (outcome) {
            case DELIVERED:
                countReceived(draft);
                return new IntakeOutcome(dispute.disputeId(), DisputeStatus.DISPATCHED, true);
            case COMMITTED_NOT_DELIVERED:
                countReceived(draft);
                throw brokerDidNotConfirm();
            default:
                return acceptAlone(draft, record, storedAttachments);
        }
    }

    /** One by one: when a concurrent request with the same source record shared the group. */
    private IntakeOutcome acceptAlone(DisputeDraft draft, DisputeLedger.NewDispute record,
            List<String> storedAttachments) throws Exception {
        PendingDelivery delivery;
        try {
            delivery = ledger.recordNew(record);
        } catch (DuplicateSourceRecordException e) {
            // A concurrent request with the same record won the insert: its files are the dispute's,
            // this request's copies are not kept.
            discard(storedAttachments);
            return repeated(ledger.findBySourceRecord(draft.source().system(), draft.source().recordId())
                    .orElseThrow());
        }
        countReceived(draft);
        deliverOrAnswerUnavailable(delivery);
        return new IntakeOutcome(record.dispute().disputeId(), DisputeStatus.DISPATCHED, true);
    }

    private void countReceived(DisputeDraft draft) {
        metrics.counter("gateway.disputes.received", "source", draft.source().system()).increment();
    }

    /** Same record again: same dispute; if its delivery is still pending, this is a good moment to retry it. */
    private IntakeOutcome repeated(LedgerEntry entry) throws Exception {
        if (entry.status() == DisputeStatus.RECEIVED) {
            var pending = ledger.pendingDeliveryOf(entry.disputeId());
            if (pending.isPresent()) {
                deliverOrAnswerUnavailable(pending.get());
                return new IntakeOutcome(entry.disputeId(), DisputeStatus.DISPATCHED, false);
            }
        }
        return new IntakeOutcome(entry.disputeId(), entry.status(), false);
    }

    private void deliverOrAnswerUnavailable(PendingDelivery delivery) throws Exception {
        if (!guarantee.deliver(delivery)) {
            throw brokerDidNotConfirm();
        }
    }

    /** Committed but not on the queue: the outbox relay will deliver it; the client may retry. */
    private static ServiceUnavailableException brokerDidNotConfirm() {
        return new ServiceUnavailableException(new org.fengqiao.gateway.problem.Text("intake.broker-unconfirmed"),
                RETRY_AFTER, null);
    }

    /**
     * Marks each party's ID number valid or not. Sources make typos, so an invalid number is kept as
     * given and flagged, never a reason to refuse the case.
     */
    static List<CanonicalDispute.Party> checkIdNumbers(List<CanonicalDispute.Party> parties, OffsetDateTime now) {
        if (parties == null) {
            return null;
        }
        List<CanonicalDispute.Party> out = new ArrayList<>(parties.size());
        for (CanonicalDispute.Party party : parties) {
            boolean hasId = party.idNumber() != null && !party.idNumber().isBlank();
            out.add(hasId ? party.withIdNumberValid(IdNumbers.isValid(party.idNumber(), GatewayTime.inZone(now)
                    .toLocalDate())) : party);
        }
        return out;
    }

    /** The routing reason, naming the co-handlers told of the dispute: it goes into the history. */
    private static String withCoHandlers(String reason, List<String> coHandlerIds) {
        return coHandlerIds.isEmpty() ? reason : reason + "; 网格员协办（知会）: " + String.join(", ", coHandlerIds);
    }

    private CanonicalDispute assemble(String disputeId, IntakeCase intake) {
        DisputeDraft draft = intake.draft();
        OffsetDateTime now = intake.receivedAt();
        Resolution place = intake.place;
        CategoryDecision category = intake.category;
        String handlerId = intake.handlerId;
        var due = deadlines.deadlines(draft.source().system(), draft.urgency(), now, draft.sourceDueAt());
        Set<String> flags = new LinkedHashSet<>(draft.riskFlags());
        flags.addAll(category.riskFlags());
        List<CanonicalDispute.Party> parties = checkIdNumbers(draft.parties(), now);
        if (parties != null && parties.stream().anyMatch(p -> Boolean.FALSE.equals(p.idNumberValid()))) {
            flags.add(INVALID_ID_NUMBER);
        }

        List<CanonicalDispute.Candidate> candidates = new ArrayList<>();
        for (Candidate c : place.candidates()) {
            String name = c.townshipName() != null && !c.townshipCode().equals(c.code())
                    ? c.townshipName() + c.name() : c.name();
            candidates.add(new CanonicalDispute.Candidate(c.code(), name, c.level().name(), c.countyCode()));
        }
        return CanonicalDispute.builder(disputeId, DisputeStatus.DISPATCHED)
                .source(draft.source())
                .category(new CategoryRef(category.category(), category.category().displayName(),
                        draft.sourceCategoryCode(), draft.sourceCategoryName(), category.rule()))
                .appealType(draft.appealType())
                .title(draft.title())
                .description(draft.description())
                .claims(draft.claims())
                .occurredAt(draft.occurredAt())
                .urgency(draft.urgency())
                .personCount(draft.personCount())
                .amount(draft.amount())
                .location(new Location(draft.address(),
                        place.standardAddressCode() != null ? place.standardAddressCode() : draft.standardAddressCode(),
                        place.countyCode(), place.townshipCode(), place.villageCode(), place.gridCode(),
                        new CanonicalDispute.Resolution(
                                place.method().name(), place.confidence(), candidates)))
                .parties(parties)
                .priorHandling(draft.priorHandling())
                .assignment(new Assignment(handlerId, handlers.nameOf(handlerId), intake.coHandlerIds, now,
                        due.signBy(), due.dueAt(), withCoHandlers(intake.reason, intake.coHandlerIds), place.gridCode()))
                .risk(new Risk(draft.riskLevel(), List.copyOf(flags)))
                .related(intake.related)
                .build();
    }
}
