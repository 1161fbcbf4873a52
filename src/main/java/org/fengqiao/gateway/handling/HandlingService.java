package org.fengqiao.gateway.handling;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.ledger.HistoryKind;
import org.fengqiao.gateway.canonical.CanonicalDispute.Assignment;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.delivery.DeliveryGuarantee;
import org.fengqiao.gateway.ledger.PendingDelivery;
import org.fengqiao.gateway.feedback.FeedbackCall;
import org.fengqiao.gateway.feedback.FeedbackStore;
import org.fengqiao.gateway.feedback.FeedbackDeclarations;
import org.fengqiao.gateway.ledger.HandlingLedger;
import org.fengqiao.gateway.ledger.HeldDispute;
import org.fengqiao.gateway.ledger.SupervisionTimes;
import org.fengqiao.gateway.ledger.UnitOfWork;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.observability.CaseMdc;
import org.fengqiao.gateway.observability.CaseTracing;
import org.fengqiao.gateway.problem.ConflictException;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.supervision.DeadlinePolicy;
import org.fengqiao.gateway.supervision.Notices;
import org.fengqiao.gateway.canonical.HandlerEvent;
import org.fengqiao.gateway.canonical.EventType;
import org.fengqiao.gateway.canonical.ResolutionOutcome;

/**
 * Stage 6: applies a handler's event to the dispute it names. Refuses events from handlers that do
 * not hold the dispute, and events that make no sense in its state; otherwise changes the state,
 * writes the history, queues what the source must hear, and for returns and re-assignments routes
 * the dispute again — all in one ledger transaction.
 *
 * <p>Returns (退单): the first goes to the next rule of the routing policy without the returner; the
 * second to the county triage desk, which reassigns (改派); a return after that reassignment
 * escalates to the county joint task force.
 */
@ApplicationScoped
@Named("handlerEvents")
public class HandlingService {

    @Inject
    CaseTracing tracing;
    @Inject
    HandlingLedger ledger;
    @Inject
    RoutingPolicy routing;
    @Inject
    HandlerDirectory handlers;
    @Inject
    DeadlinePolicy deadlines;
    @Inject
    FeedbackStore feedbackOutbox;
    @Inject
    FeedbackDeclarations sourceFeedback;
    @Inject
    DeliveryGuarantee guarantee;
    @Inject
    org.fengqiao.gateway.supervision.Supervisor supervisor;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    HandlingConfig handling;
    @Inject
    Notices notices;
    @Inject
    org.fengqiao.gateway.attachment.AttachmentStore attachments;

    public record Applied(String disputeId, DisputeStatus status) {
    }

    /**
     * An event as read from its JSON.
     *
     * @param unknownNames the fields whose value is not one of the names they take (null in the event):
     *        refused here, with the event's other faults, like a missing one but naming the allowed values
     */
    public record Received(HandlerEvent event, Set<String> unknownNames) {

        public Received {
            unknownNames = Set.copyOf(unknownNames);
        }

        /** The same reading of a changed event (the dispute from the path, the person who acts). */
        public Received with(HandlerEvent changed) {
            return new Received(changed, unknownNames);
        }
    }

    private static final Set<DisputeStatus> SIGNABLE = EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.REOPENED);
    private static final Set<DisputeStatus> WORKING = EnumSet.of(DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS,
            DisputeStatus.ESCALATED);
    private static final Set<DisputeStatus> OPEN = EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.REOPENED,
            DisputeStatus.SIGNED, DisputeStatus.IN_PROGRESS, DisputeStatus.ESCALATED);
    private static final Set<DisputeStatus> RETURNABLE = EnumSet.of(DisputeStatus.DISPATCHED, DisputeStatus.SIGNED,
            DisputeStatus.REOPENED);

    public Applied apply(Received received) throws Exception {
        HandlerEvent event = received.event();
        try (var mdc = CaseMdc.open(event.disputeId(), null, event.handlerId())) {
            // The event's context (from the HTTP request, or the traceparent the handler copied onto
            // its JMS message) is the parent of the feedback call it causes.
            tracing.remember(event.disputeId());
            Applied applied = applyInCase(event, received.unknownNames());
            CaseMdc.LOG.debugf("Handler event %s applied (%s)", event.type(), applied.status());
            return applied;
        }
    }

    private Applied applyInCase(HandlerEvent event, Set<String> unknownNames) throws Exception {
        EventType type = validate(event, unknownNames);
        List<PendingDelivery> deliveries = new ArrayList<>();
        Applied applied = ledger.inTransaction(tx -> {
            HeldDispute held = ledger.lock(tx, event.disputeId())
                    .orElseThrow(() -> new NotFoundException(new Text("ledger.no-dispute", event.disputeId())));
            authorize(held, event, type);
            OffsetDateTime now = GatewayTime.now(clock);
            CanonicalDispute dispute = withAttachments(tx, held,
                    json.readValue(held.document(), CanonicalDispute.class), event, now);
            CaseMdc.put(CaseMdc.SOURCE, dispute.source() == null ? null : dispute.source().system());
            DisputeStatus status = held.status();
            // The handler acts; the person who did it for the handler is recorded beside it.
            String actor = event.handlerId();
            return switch (type) {
                case SIGNED -> move(tx, held, dispute, event, require(held, status, SIGNABLE), DisputeStatus.SIGNED,
                        actor, null, now);
                case PROGRESS -> move(tx, held, dispute, event, require(held, status, WORKING),
                        status == DisputeStatus.ESCALATED ? status : DisputeStatus.IN_PROGRESS, actor, event.note(), now);
                case RESOLVED -> resolve(tx, held, dispute, event, require(held, status, WORKING), actor, now);
                case EXTENSION_REQUESTED -> askForExtension(tx, held, event, require(held, status, OPEN), actor, now);
                case EXTENSION_APPROVED -> approveExtension(tx, held, dispute, event, require(held, status, OPEN), actor,
                        now);
                case EXTENSION_REFUSED -> refuseExtension(tx, held, event, require(held, status, OPEN), actor, now);
                case RETURNED -> giveBack(tx, held, dispute, event, require(held, status, RETURNABLE), actor, now,
                        deliveries);
                case REASSIGNED -> reassign(tx, held, dispute, event, require(held, status, OPEN), actor, now,
                        deliveries);
                case REJECTED -> reject(tx, held, dispute, event, require(held, status, OPEN), actor, now);
                case SUPERVISED -> supervise(tx, held, event, require(held, status, OPEN), actor, now);
            };
        });
        for (PendingDelivery delivery : deliveries) {
            // Committed in the outbox: if the broker does not confirm now, the relay delivers it.
            guarantee.deliver(delivery);
        }
        return applied;
    }

    private Applied move(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            DisputeStatus from, DisputeStatus to, String actor, String detail, OffsetDateTime now) throws Exception {
        ledger.setStatus(tx, held.disputeId(), to, now);
        ledger.history(tx, held.disputeId(), kindOf(event), to, now, actor, event.person(),
                event.handlerId(), event.reason(), detail);
        queueFeedback(tx, held, dispute, event, now);
        return new Applied(held.disputeId(), to);
    }

    private Applied resolve(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            DisputeStatus from, String actor, OffsetDateTime now) throws Exception {
        String detail = "outcome " + event.outcome() + (event.note() == null ? "" : "; " + event.note())
                + (event.agreement() == null ? "" : "; agreement: " + event.agreement());
        ledger.setStatus(tx, held.disputeId(), DisputeStatus.RESOLVED, now);
        ledger.setOutcome(tx, held.disputeId(), event.outcome());
        ledger.history(tx, held.disputeId(), kindOf(event), DisputeStatus.RESOLVED, now, actor, event.person(),
                event.handlerId(),
                null, detail);
        io.micrometer.core.instrument.Timer.builder("gateway.disputes.resolution.time")
                .description("From receipt to resolution").tag("source", held.sourceSystem())
                .publishPercentileHistogram().register(metrics)
                .record(java.time.Duration.between(dispute.source().receivedAt(), now));
        if (!queueFeedback(tx, held, dispute, event, now)) {
            // Nothing to tell the source (it has no feedback API): nothing to wait for.
            ledger.setStatus(tx, held.disputeId(), DisputeStatus.CLOSED, now);
            ledger.history(tx, held.disputeId(), HistoryKind.CLOSED, DisputeStatus.CLOSED, now, "gateway", held.handlerId(),
                    "resolved; " + held.sourceSystem() + " has no feedback API", null);
            return new Applied(held.disputeId(), DisputeStatus.CLOSED);
        }
        return new Applied(held.disputeId(), DisputeStatus.RESOLVED);
    }

    /**
     * 申请延期: recorded for the county centre to decide; the deadline stands until it approves. One
     * request waits at a time, and a dispute has at most {@code gateway.handling.max-extension-requests}.
     */
    private Applied askForExtension(UnitOfWork tx, HeldDispute held, HandlerEvent event, DisputeStatus from,
            String actor, OffsetDateTime now) throws Exception {
        var extensions = ledger.extensions(tx, held.disputeId());
        if (extensions.waiting().isPresent()) {
            throw new ConflictException(new Text("handling.extension-waiting", extensions.waiting().get().days()),
                    held.status().name());
        }
        if (extensions.count() >= handling.maxExtensionRequests()) {
            throw new ConflictException(new Text("handling.extension-cap", extensions.count()), held.status().name());
        }
        ledger.requestExtension(tx, held.disputeId(), event.handlerId(), event.days(), event.reason(), now);
        // The centre decides: it hears of the request on its notice queue.
        String occasion = "request-" + (extensions.count() + 1);
        notices.send(centreOf(held), "EXTENSION_REQUEST", held.disputeId(), held.handlerId(), held.dueAt(),
                handlers.nameOf(event.handlerId()) + "申请延期" + event.days() + "天，请审批", now, occasion);
        ledger.history(tx, held.disputeId(), kindOf(event), from, now, actor, event.person(), event.handlerId(),
                event.reason(), "asked for " + event.days() + " day(s)");
        return new Applied(held.disputeId(), from);
    }

    /** 批准延期: the deadline moves by the days granted (those asked for, or fewer), supervision with it. */
    private Applied approveExtension(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            DisputeStatus from, String actor, OffsetDateTime now) throws Exception {
        var waiting = waitingExtension(tx, held);
        int days = event.days() == null ? waiting.days() : event.days();
        if (days > waiting.days()) {
            throw new InvalidRequestException("days", new Text("violation.range", 1, waiting.days()));
        }
        OffsetDateTime due = (held.dueAt() == null ? now : held.dueAt()).plusDays(days);
        Assignment a = dispute.assignment();
        CanonicalDispute extended = dispute.reassigned(new Assignment(a.handlerId(), a.handlerName(), a.coHandlerIds(),
                a.dispatchedAt(), a.signBy(), due, a.reason(), a.gridCode()), dispute.status());
        var times = deadlines.supervised(a.dispatchedAt(), a.signBy(), due);
        ledger.updateDocument(tx, held.disputeId(), json.writeValueAsString(extended), due,
                new SupervisionTimes(times.remindAt(), times.escalateAt()), now);
        ledger.decideExtension(tx, waiting.id(), days, event.handlerId(), now);
        notices.send(held.handlerId(), "EXTENSION_APPROVED", held.disputeId(), held.handlerId(), due,
                "延期申请已批准，延期" + days + "天", now, "decision-" + waiting.id());
        ledger.history(tx, held.disputeId(), kindOf(event), from, now, actor, event.person(), event.handlerId(),
                event.reason(), "extended by " + days + " day(s) to " + due + " for " + waiting.handlerId());
        // The source hears of the new deadline where its route file declares a call for it.
        queueFeedback(tx, held, extended, event, now);
        return new Applied(held.disputeId(), from);
    }

    /** 不批准延期: the deadline stands; the handler may ask again within the cap. */
    private Applied refuseExtension(UnitOfWork tx, HeldDispute held, HandlerEvent event, DisputeStatus from,
            String actor, OffsetDateTime now) throws Exception {
        var waiting = waitingExtension(tx, held);
        ledger.decideExtension(tx, waiting.id(), null, event.handlerId(), now);
        notices.send(held.handlerId(), "EXTENSION_REFUSED", held.disputeId(), held.handlerId(), held.dueAt(),
                "延期申请未获批准，请按原期限办理", now, "decision-" + waiting.id());
        ledger.history(tx, held.disputeId(), kindOf(event), from, now, actor, event.person(), event.handlerId(),
                event.reason(), "refused " + waiting.days() + " day(s) for " + waiting.handlerId());
        return new Applied(held.disputeId(), from);
    }

    private HandlingLedger.WaitingExtension waitingExtension(UnitOfWork tx, HeldDispute held) throws Exception {
        return ledger.extensions(tx, held.disputeId()).waiting().orElseThrow(
                () -> new ConflictException(new Text("handling.no-extension-waiting"), held.status().name()));
    }

    /**
     * 督办 by the centre: the holder and its co-holders get the centre's message as a supervision notice,
     * the same notice type as the automatic one, so a township's system handles both alike. Each act is
     * its own occasion: a second 督办 is a second notice, not a duplicate.
     */
    private Applied supervise(UnitOfWork tx, HeldDispute held, HandlerEvent event, DisputeStatus from, String actor,
            OffsetDateTime now) throws Exception {
        String occasion = "manual-" + now.toInstant();
        String message = "督办：" + event.note();
        notices.send(held.handlerId(), "SUPERVISION", held.disputeId(), held.handlerId(), held.dueAt(), message, now,
                occasion);
        for (String coHolder : held.coHandlerIds()) {
            notices.send(coHolder, "SUPERVISION", held.disputeId(), held.handlerId(), held.dueAt(), message, now,
                    occasion);
        }
        ledger.history(tx, held.disputeId(), kindOf(event), from, now, actor, event.person(), event.handlerId(),
                null, event.note());
        return new Applied(held.disputeId(), from);
    }

    /** 不予受理 by the triage desk: the source is told (the hotline's 退回), then the dispute is closed. */
    private Applied reject(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            DisputeStatus from, String actor, OffsetDateTime now) throws Exception {
        ledger.setStatus(tx, held.disputeId(), DisputeStatus.REJECTED, now);
        ledger.history(tx, held.disputeId(), kindOf(event), DisputeStatus.REJECTED, now, actor, event.person(),
                event.handlerId(),
                event.reason(), null);
        if (!queueFeedback(tx, held, dispute, event, now)) {
            ledger.setStatus(tx, held.disputeId(), DisputeStatus.CLOSED, now);
            ledger.history(tx, held.disputeId(), HistoryKind.CLOSED, DisputeStatus.CLOSED, now, "gateway", held.handlerId(),
                    "rejected; nothing to tell " + held.sourceSystem(), null);
            return new Applied(held.disputeId(), DisputeStatus.CLOSED);
        }
        return new Applied(held.disputeId(), DisputeStatus.REJECTED);
    }

    /** 退单: route again without the handlers that returned it; the second return goes to county triage. */
    private Applied giveBack(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            DisputeStatus from, String actor, OffsetDateTime now, List<PendingDelivery> deliveries) throws Exception {
        if (held.handlerId().equals(triageOf(held))) {
            throw new ConflictException(new Text("handling.triage-does-not-return"), held.status().name());
        }
        ledger.recordReturn(tx, held.disputeId(), event.handlerId(), event.reason(), now);
        metrics.counter("gateway.returns", "handler", event.handlerId()).increment();
        List<String> returnedBy = ledger.returnedBy(tx, held.disputeId());
        if (ledger.wasReassigned(tx, held.disputeId())) {
            // Returned again after the triage desk reassigned it: nobody takes it, so the task force does.
            ledger.history(tx, held.disputeId(), kindOf(event), DisputeStatus.RETURNED, now, actor, event.person(),
                    event.handlerId(),
                    event.reason(), null);
            deliveries.add(supervisor.escalate(tx, held, "returned " + returnedBy.size() + " times, also after "
                    + "reassignment by the triage desk", now));
            return new Applied(held.disputeId(), DisputeStatus.ESCALATED);
        }
        String target;
        String reason;
        if (returnedBy.size() >= 2) {
            target = triageOf(held);
            reason = "returned " + returnedBy.size() + " times; to the triage desk for reassignment (改派)";
        } else {
            var location = dispute.location();
            var decision = routing.decide(new RoutingPolicy.Facts(dispute.category().code(), held.sourceSystem(),
                    location.countyCode(), location.townshipCode(),
                    location.resolution() == null ? null : location.resolution().method()), Set.copyOf(returnedBy));
            target = decision.handlerId();
            reason = "returned by " + event.handlerId() + "; " + decision.reason();
        }
        ledger.history(tx, held.disputeId(), kindOf(event), DisputeStatus.RETURNED, now, actor, event.person(),
                event.handlerId(),
                event.reason(), null);
        deliveries.add(route(tx, held, dispute, target, reason, now));
        return new Applied(held.disputeId(), DisputeStatus.RETURNED);
    }

    /** 改派 by the county triage desk, to a handler of its choice. */
    private Applied reassign(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            DisputeStatus from, String actor, OffsetDateTime now, List<PendingDelivery> deliveries) throws Exception {
        if (!handlers.isKnown(event.toHandlerId())) {
            throw new InvalidRequestException("toHandlerId", new Text("violation.unknown-handler"));
        }
        if (event.toHandlerId().equals(held.handlerId())) {
            throw new ConflictException(new Text("handling.already-with", event.toHandlerId()), held.status().name());
        }
        ledger.history(tx, held.disputeId(), kindOf(event), DisputeStatus.RETURNED, now, actor, event.person(),
                event.handlerId(),
                event.reason(), "to " + event.toHandlerId());
        deliveries.add(route(tx, held, dispute, event.toHandlerId(),
                "reassigned by " + event.handlerId() + ": " + event.reason(), now));
        return new Applied(held.disputeId(), DisputeStatus.RETURNED);
    }

    private PendingDelivery route(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, String target,
            String reason, OffsetDateTime now) throws Exception {
        Assignment a = dispute.assignment();
        // A new holder keeps the dispute's deadline; only the sign-by is its own.
        var due = deadlines.deadlines(held.sourceSystem(), dispute.urgency(), now, held.dueAt());
        OffsetDateTime dueAt = due.dueAt();
        CanonicalDispute rerouted = dispute.reassigned(new Assignment(target, handlers.nameOf(target),
                a.coHandlerIds() == null ? List.of() : a.coHandlerIds(), now,
                due.signBy().isAfter(dueAt) ? dueAt : due.signBy(), dueAt, reason, a.gridCode()),
                DisputeStatus.DISPATCHED);
        ledger.setStatus(tx, held.disputeId(), DisputeStatus.RETURNED, now);
        return ledger.reassign(tx, held, target, rerouted.assignment().coHandlerIds(), dueAt,
                new SupervisionTimes(due.remindAt(), due.escalateAt()), json.writeValueAsString(rerouted), dispute.category().code().name(), dispute.urgency().name(), reason,
                now);
    }

    /**
     * The files the event names, uploaded before it by the same handler, become part of the dispute's
     * record in the act's own unit of work: refused with the act, taken with it. The record holds their
     * references only; the bytes were stored by their upload.
     */
    private CanonicalDispute withAttachments(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute,
            HandlerEvent event, OffsetDateTime now) throws Exception {
        if (event.attachmentIds().isEmpty()) {
            return dispute;
        }
        var references = attachments.attach(tx, held.disputeId(), event.handlerId(), event.attachmentIds(), now);
        CanonicalDispute attached = dispute.withAttachments(references);
        ledger.replaceDocument(tx, held.disputeId(), json.writeValueAsString(attached), now);
        return attached;
    }

    /** @return whether a final result for the source was queued (the loop then closes when it is delivered) */
    private boolean queueFeedback(UnitOfWork tx, HeldDispute held, CanonicalDispute dispute, HandlerEvent event,
            OffsetDateTime now) throws Exception {
        // What the source declared in its route file (routes/<source>.yaml, templatedRoute source-feedback).
        List<FeedbackCall> calls = sourceFeedback.onEvent(held.sourceSystem(), dispute, event,
                handlers.nameOf(event.handlerId()), now);
        feedbackOutbox.enqueue(tx, held.disputeId(), held.sourceSystem(), calls, now);
        return calls.stream().anyMatch(FeedbackCall::finalResult);
    }

    private void authorize(HeldDispute held, HandlerEvent event, EventType type) {
        String sender = event.handlerId();
        boolean allowed = switch (type) {
            // The county's triage desk may reassign any item in its county.
            case REASSIGNED, REJECTED -> sender.equals(triageOf(held));
            // Extensions are the county centre's to decide (the city centre's for the whole city).
            // So is a manual 督办.
            case EXTENSION_APPROVED, EXTENSION_REFUSED, SUPERVISED -> sender.equals(centreOf(held))
                    || sender.equals(routing.countyBody(null, "CENTRE"));
            // A co-handler (the township after escalation) may report progress.
            case PROGRESS -> held.heldBy(sender) || held.coHeldBy(sender);
            default -> held.heldBy(sender);
        };
        if (!allowed) {
            throw new ForbiddenException(new Text("handling.not-held", sender, held.disputeId()));
        }
    }

    private String centreOf(HeldDispute held) {
        return routing.countyBody(held.countyCode(), "CENTRE");
    }

    private String triageOf(HeldDispute held) {
        return routing.countyBody(held.countyCode(), "TRIAGE");
    }

    private static DisputeStatus require(HeldDispute held, DisputeStatus status, Set<DisputeStatus> allowed) {
        if (!allowed.contains(status)) {
            throw new ConflictException(new Text("handling.wrong-state", status, allowed), held.status().name());
        }
        return status;
    }

    /** The timeline entry an event leaves: its type, already checked by {@link #validate}. */
    private static HistoryKind kindOf(HandlerEvent event) {
        return HistoryKind.of(event.type());
    }

    private EventType validate(HandlerEvent event, Set<String> unknownNames) {
        List<FieldViolation> violations = new ArrayList<>();
        EventType type = event.type();
        if (unknownNames.contains("type")) {
            violations.add(new FieldViolation("type", new Text("violation.one-of", List.of(EventType.values()))));
        } else if (type == null) {
            violations.add(new FieldViolation("type", new Text("violation.required")));
        }
        if (blank(event.disputeId())) {
            violations.add(new FieldViolation("disputeId", new Text("violation.required")));
        }
        if (blank(event.handlerId())) {
            violations.add(new FieldViolation("handlerId", new Text("violation.required")));
        }
        if (type != null) {
            switch (type) {
                case PROGRESS -> requireText(violations, "note", event.note(), 2000);
                case RESOLVED -> {
                    // Missing, or none of the names (then null too, and in unknownNames): the same answer.
                    if (event.outcome() == null) {
                        violations.add(new FieldViolation("outcome",
                                new Text("violation.one-of", List.of(ResolutionOutcome.values()))));
                    }
                    optionalText(violations, "note", event.note(), 2000);
                    optionalText(violations, "agreement", event.agreement(), 4000);
                }
                case EXTENSION_REQUESTED -> {
                    if (event.days() == null || event.days() < 1 || event.days() > handling.maxExtensionDays()) {
                        violations.add(new FieldViolation("days", new Text("violation.range", 1, handling.maxExtensionDays())));
                    }
                    requireText(violations, "reason", event.reason(), 1000);
                }
                case EXTENSION_APPROVED -> {
                    // Fewer days than asked, or absent: all of them.
                    if (event.days() != null && (event.days() < 1 || event.days() > handling.maxExtensionDays())) {
                        violations.add(new FieldViolation("days", new Text("violation.range", 1, handling.maxExtensionDays())));
                    }
                    optionalText(violations, "reason", event.reason(), 1000);
                }
                case EXTENSION_REFUSED -> requireText(violations, "reason", event.reason(), 1000);
                case RETURNED -> requireText(violations, "reason", event.reason(), 1000);
                case REASSIGNED -> {
                    requireText(violations, "toHandlerId", event.toHandlerId(), 48);
                    requireText(violations, "reason", event.reason(), 1000);
                }
                case REJECTED -> requireText(violations, "reason", event.reason(), 1000);
                case SUPERVISED -> requireText(violations, "note", event.note(), 1000);
                default -> {
                }
            }
        }
        optionalText(violations, "actor", event.actor(), 64);
        optionalText(violations, "person", event.person(), 64);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return type;
    }

    private static void requireText(List<FieldViolation> violations, String field, String value, int max) {
        if (blank(value)) {
            violations.add(new FieldViolation(field, new Text("violation.required")));
        } else {
            optionalText(violations, field, value, max);
        }
    }

    private static void optionalText(List<FieldViolation> violations, String field, String value, int max) {
        if (value != null && value.length() > max) {
            violations.add(new FieldViolation(field, new Text("violation.too-long", max)));
        }
    }

    /** Absent, or nothing visible: white space, zero-width and other invisible characters only. */
    private static boolean blank(String s) {
        return s == null || !PayloadSchema.hasVisibleCharacter(s);
    }

}
