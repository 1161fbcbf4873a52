package org.fengqiao.gateway.evaluation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

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
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.ledger.HandlingLedger;
import org.fengqiao.gateway.ledger.SupervisionTimes;
import org.fengqiao.gateway.problem.ConflictException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.supervision.DeadlinePolicy;

/**
 * Stage 9: the citizen's satisfaction closes the loop. Satisfied (满意, 基本满意) → EVALUATED →
 * CLOSED. Dissatisfied (不满意) → REOPENED and back on the same handler's queue with a new due date
 * (不满意重办).
 */
@ApplicationScoped
@Named("evaluations")
public class EvaluationService {

    @Inject
    DisputeLedger disputes;
    @Inject
    HandlingLedger ledger;
    @Inject
    DeadlinePolicy deadlines;
    @Inject
    DeliveryGuarantee guarantee;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    public record Applied(String disputeId, DisputeStatus status) {
    }

    public Applied apply(Evaluation evaluation) throws Exception {
        String disputeId = disputes.findBySourceRecord(evaluation.sourceSystem(), evaluation.recordId())
                .orElseThrow(() -> new NotFoundException(new Text("evaluation.no-dispute", evaluation.sourceSystem(),
                        evaluation.recordId())))
                .disputeId();
        PendingDelivery[] reopened = new PendingDelivery[1];
        Applied applied = ledger.inTransaction(tx -> {
            var held = ledger.lock(tx, disputeId).orElseThrow();
            if (held.status() != DisputeStatus.FEEDBACK_SENT) {
                throw new ConflictException(new Text("evaluation.too-early"), held.status().name());
            }
            OffsetDateTime now = GatewayTime.now(clock);
            String detail = evaluation.satisfaction() + (evaluation.comment() == null ? "" : ": " + evaluation.comment());
            if (evaluation.satisfaction() != Evaluation.Satisfaction.DISSATISFIED) {
                ledger.setStatus(tx, disputeId, DisputeStatus.EVALUATED, now);
                ledger.history(tx, disputeId, HistoryKind.EVALUATED, DisputeStatus.EVALUATED, now, evaluation.sourceSystem(),
                        held.handlerId(), "citizen's evaluation", detail);
                ledger.setStatus(tx, disputeId, DisputeStatus.CLOSED, now);
                ledger.history(tx, disputeId, HistoryKind.CLOSED, DisputeStatus.CLOSED, now, "gateway", held.handlerId(),
                        "evaluated " + evaluation.satisfaction(), null);
                return new Applied(disputeId, DisputeStatus.CLOSED);
            }
            CanonicalDispute dispute = json.readValue(held.document(), CanonicalDispute.class);
            var due = deadlines.deadlines(held.sourceSystem(), dispute.urgency(), now, null);
            Assignment a = dispute.assignment();
            String reason = "reopened: the citizen was dissatisfied (不满意重办)";
            CanonicalDispute again = dispute.reassigned(new Assignment(a.handlerId(), a.handlerName(),
                    a.coHandlerIds() == null ? List.of() : a.coHandlerIds(), now, due.signBy(), due.dueAt(), reason,
                    a.gridCode()),
                    DisputeStatus.REOPENED);
            ledger.setStatus(tx, disputeId, DisputeStatus.REOPENED, now);
            ledger.history(tx, disputeId, HistoryKind.REOPENED, DisputeStatus.REOPENED, now, evaluation.sourceSystem(),
                    held.handlerId(), reason, detail);
            reopened[0] = ledger.reassign(tx, held, held.handlerId(), again.assignment().coHandlerIds(), due.dueAt(),
                    new SupervisionTimes(due.remindAt(), due.escalateAt()), json.writeValueAsString(again), dispute.category().code().name(), dispute.urgency().name(), reason,
                    now);
            return new Applied(disputeId, DisputeStatus.REOPENED);
        });
        if (reopened[0] != null) {
            guarantee.deliver(reopened[0]);
        }
        return applied;
    }
}
