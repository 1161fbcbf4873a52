package org.fengqiao.gateway.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.attachment.AttachmentStore;
import org.fengqiao.gateway.attachment.StoredAttachment;
import org.fengqiao.gateway.canonical.EventType;
import org.fengqiao.gateway.canonical.HandlerEvent;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.handling.HandlingService;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.Localized;
import org.fengqiao.gateway.problem.ProblemTexts;
import org.fengqiao.gateway.security.StaffCaller;

/**
 * What a clerk does from the console, through the same {@link HandlingService} as the REST API and
 * the events queue: one rule set, one ledger. The act is the signed-in caller's handler's, done by the
 * signed-in person. The only place the console builds a {@link HandlerEvent}.
 */
@ApplicationScoped
class Acts {

    /** The form fields' names as the forms label them: a refusal names what the person filled in. */
    private static final Map<String, String> FIELDS = Map.of("note", "办理情况", "outcome", "办理结果类型",
            "agreement", "协议内容", "days", "延期天数", "reason", "理由", "toHandlerId", "改派单位",
            AttachmentStore.FIELD, "协议扫描件", "attachments", "附件");

    @Inject
    HandlingService handling;
    @Inject
    AttachmentStore attachments;
    @Inject
    org.fengqiao.gateway.ledger.DisputeLedger ledger;

    /**
     * 签收.
     *
     * @return the refusal in Chinese, beside the form; empty when it was signed
     */
    Optional<String> sign(StaffCaller caller, String disputeId) throws Exception {
        return apply(new HandlerEvent(EventType.SIGNED, disputeId, caller.id(), null, caller.person(), null, null, null,
                null, null, null));
    }

    /** 办理进展: a note on how the handling goes, by the holder or a co-holder. */
    Optional<String> progress(StaffCaller caller, String disputeId, String note) throws Exception {
        return apply(new HandlerEvent(EventType.PROGRESS, disputeId, caller.id(), null, caller.person(), note, null,
                null, null, null, null));
    }

    /**
     * 办结. An outcome that is none of the names is passed on as absent, so the service refuses it as it
     * refuses one missing.
     */
    Optional<String> resolve(StaffCaller caller, String disputeId, String outcome, String note, String agreement,
            AttachmentStore.Upload scan) throws Exception {
        HandlerEvent event = new HandlerEvent(EventType.RESOLVED, disputeId, caller.id(), null, caller.person(),
                blankToNull(note), outcome(outcome), blankToNull(agreement), null, null, null);
        // Only the holder's file is stored; anyone else's act is refused by the service as it is.
        if (scan == null || !holds(caller, disputeId)) {
            return apply(event);
        }
        StoredAttachment stored;
        try {
            // The bytes first, durably, in their own transaction; the act then names them.
            stored = attachments.store(disputeId, caller.id(), caller.person(), scan, attachments.maxBytes());
        } catch (RuntimeException e) {
            return refusal(e, Map.of());
        }
        Optional<String> refused = Optional.of("");
        try {
            refused = apply(event.withAttachments(List.of(stored.id())));
            return refused;
        } finally {
            if (refused.isPresent()) {
                // The act did not take it: the file goes with the refusal, not after the sweep's grace.
                attachments.discard(stored.id());
            }
        }
    }

    private boolean holds(StaffCaller caller, String disputeId) throws java.sql.SQLException {
        return ledger.find(disputeId).map(entry -> caller.id().equals(entry.handlerId())).orElse(false);
    }

    /** 退单: back to the county's triage desk, with the reason. */
    Optional<String> giveBack(StaffCaller caller, String disputeId, String reason) throws Exception {
        return apply(new HandlerEvent(EventType.RETURNED, disputeId, caller.id(), null, caller.person(), null, null,
                null, null, reason, null));
    }

    /** 改派, by the county triage desk: to the handler it chose, with the reason. */
    Optional<String> reassign(StaffCaller caller, String disputeId, String toHandlerId, String reason)
            throws Exception {
        return apply(new HandlerEvent(EventType.REASSIGNED, disputeId, caller.id(), null, caller.person(), null, null,
                null, null, reason, blankToNull(toHandlerId)));
    }

    /** 不予受理, by the county triage desk: the source is told, then the dispute is closed. */
    Optional<String> reject(StaffCaller caller, String disputeId, String reason) throws Exception {
        return apply(new HandlerEvent(EventType.REJECTED, disputeId, caller.id(), null, caller.person(), null, null,
                null, null, reason, null));
    }

    /** 督办, by the county (or city) centre: its message goes to the holder as a supervision notice. */
    Optional<String> supervise(StaffCaller caller, String disputeId, String note) throws Exception {
        return apply(new HandlerEvent(EventType.SUPERVISED, disputeId, caller.id(), null, caller.person(), note, null,
                null, null, null, null), Map.of("note", "督办意见"));
    }

    /** 申请延期: waits for the county centre's approval. Days that are not a number are passed on as absent. */
    Optional<String> askForExtension(StaffCaller caller, String disputeId, String days, String reason)
            throws Exception {
        return apply(new HandlerEvent(EventType.EXTENSION_REQUESTED, disputeId, caller.id(), null, caller.person(),
                null, null, null, number(days), reason, null));
    }

    private static ResolutionOutcome outcome(String name) {
        for (ResolutionOutcome o : ResolutionOutcome.values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    private static Integer number(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private Optional<String> apply(HandlerEvent event) throws Exception {
        return apply(event, Map.of());
    }

    /** @param labels the act's own labels for fields whose general one would mislead (督办's note) */
    private Optional<String> apply(HandlerEvent event, Map<String, String> labels) throws Exception {
        try {
            handling.apply(new HandlingService.Received(event, Set.of()));
            return Optional.empty();
        } catch (RuntimeException e) {
            return refusal(e, labels);
        }
    }

    /**
     * A refusal in Chinese, the fields named as the forms label them ({@code labels}: the act's own names
     * where the general one would mislead); anything else is not a refusal.
     */
    private static Optional<String> refusal(RuntimeException e, Map<String, String> labels) {
        if (e instanceof InvalidRequestException invalid) {
            return Optional.of(ProblemTexts.violations(ProblemTexts.CHINESE, invalid.violations()).stream()
                    .map(v -> labels.getOrDefault(v.field(), FIELDS.getOrDefault(v.field(), v.field())) + " "
                            + v.message())
                    .collect(Collectors.joining("；")));
        }
        if (e instanceof Localized localized && localized.text() != null) {
            return Optional.of(Labels.refusal(ProblemTexts.render(ProblemTexts.CHINESE, localized.text())));
        }
        throw e;
    }

    /** 批准延期, by the county centre: {@code days} granted (null: all those asked). */
    Optional<String> approveExtension(StaffCaller caller, String disputeId, Integer days) throws Exception {
        return apply(new HandlerEvent(EventType.EXTENSION_APPROVED, disputeId, caller.id(), null, caller.person(),
                null, null, null, days, null, null));
    }

    /** 不批准延期, by the county centre, with its reason. */
    Optional<String> refuseExtension(StaffCaller caller, String disputeId, String reason) throws Exception {
        return apply(new HandlerEvent(EventType.EXTENSION_REFUSED, disputeId, caller.id(), null, caller.person(),
                null, null, null, null, reason, null));
    }
}
