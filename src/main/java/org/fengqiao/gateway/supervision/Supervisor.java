package org.fengqiao.gateway.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.ledger.HistoryKind;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.CanonicalDispute.Assignment;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.delivery.DeliveryGuarantee;
import org.fengqiao.gateway.ledger.PendingDelivery;
import org.fengqiao.gateway.ledger.HandlingLedger;
import org.fengqiao.gateway.ledger.HeldDispute;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.fengqiao.gateway.ledger.SupervisionLedger;
import org.fengqiao.gateway.ledger.SupervisionLedger.Stage;
import org.fengqiao.gateway.ledger.SupervisionTimes;
import org.fengqiao.gateway.ledger.UnitOfWork;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.jboss.logging.Logger;

/**
 * Stage 8, supervision (督促交办 → 兜底化解): a reminder to the holder once the configured share of
 * its time has passed; at the deadline a supervision notice (督办) to the holder and the county
 * centre; overdue past the margin, the county joint task force takes the dispute over, the holder
 * staying on as co-handler. Each step happens once per deadline, whatever the number of instances.
 */
@ApplicationScoped
public class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class);
    static final String LEASE = "supervision";

    @Inject
    SupervisionLedger supervision;
    @Inject
    HandlingLedger ledger;
    @Inject
    DeadlinePolicy deadlines;
    @Inject
    Notices notices;
    @Inject
    HandlerDirectory handlers;
    @Inject
    RoutingPolicy routing;
    @Inject
    DeliveryGuarantee guarantee;
    @Inject
    InstanceLeases leases;
    @Inject
    MeterRegistry metrics;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;
    @Inject
    GatewayConfig gateway;

    public record Round(int reminders, int supervisions, int escalations) {
    }

    @Scheduled(every = "${gateway.supervision.interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            // One instance at a time does the round; the step records would stop doubles anyway.
            if (leases.tryAcquire(LEASE, gateway.instanceId(), GatewayTime.now(clock), Duration.ofMinutes(5))) {
                superviseOnce();
            }
        } catch (Exception e) {
            LOG.warnf("Supervision round failed: %s", e.getClass().getSimpleName());
        }
    }

    public Round superviseOnce() throws Exception {
        OffsetDateTime now = GatewayTime.now(clock);
        int reminders = 0;
        int supervised = 0;
        int escalated = 0;
        for (var due : supervision.due(Stage.REMINDER, now, 500)) {
            reminders += step(due, Stage.REMINDER, now) ? 1 : 0;
        }
        for (var due : supervision.due(Stage.SUPERVISION, now, 500)) {
            supervised += step(due, Stage.SUPERVISION, now) ? 1 : 0;
        }
        for (var due : supervision.due(Stage.ESCALATION, now, 500)) {
            escalated += step(due, Stage.ESCALATION, now) ? 1 : 0;
        }
        return new Round(reminders, supervised, escalated);
    }

    private boolean step(SupervisionLedger.Due due, Stage stage, OffsetDateTime now) throws Exception {
        String disputeId = due.disputeId();
        List<PendingDelivery> deliveries = new ArrayList<>();
        boolean taken = ledger.inTransaction(tx -> {
            HeldDispute held = ledger.lock(tx, disputeId).orElseThrow();
            // Another instance may have changed it (escalated it, say) since it was selected.
            boolean sameDeadline = held.dueAt() != null && held.dueAt().isEqual(due.dueAt());
            boolean escalatable = stage != Stage.ESCALATION
                    || held.status() != DisputeStatus.ESCALATED && !held.handlerId().endsWith("-TASKFORCE");
            if (!sameDeadline || !escalatable
                    || !supervision.take(tx, disputeId, stage, held.dueAt(), held.handlerId(), now)) {
                return false;
            }
            DisputeStatus status = held.status();
            String centre = centreOf(held);
            switch (stage) {
                case REMINDER -> {
                    ledger.history(tx, disputeId, HistoryKind.REMINDED, status, now, "gateway", held.handlerId(),
                            "due " + held.dueAt(), null);
                    notices.send(held.handlerId(), "REMINDER", disputeId, held.handlerId(), held.dueAt(),
                            "办理期限临近，请抓紧办理", now);
                }
                case SUPERVISION -> {
                    ledger.history(tx, disputeId, HistoryKind.SUPERVISED, status, now, "gateway", held.handlerId(),
                            "deadline " + held.dueAt() + " reached (督办)", null);
                    notices.send(held.handlerId(), "SUPERVISION", disputeId, held.handlerId(), held.dueAt(),
                            "已到办理期限，请即办理并反馈（督办）", now);
                    notices.send(centre, "SUPERVISION", disputeId, held.handlerId(), held.dueAt(),
                            "已到办理期限未办结（督办）", now);
                }
                case ESCALATION -> deliveries.add(escalate(tx, held, "overdue since " + held.dueAt(), now));
            }
            return true;
        });
        for (PendingDelivery delivery : deliveries) {
            guarantee.deliver(delivery);
        }
        if (taken) {
            metrics.counter("gateway.supervision.steps", "stage", stage.name().toLowerCase()).increment();
        }
        return taken;
    }

    /**
     * Hands the dispute to the county joint task force (县区联合专班), keeping the holder as co-handler,
     * with a fresh deadline. Used for overdue disputes and for disputes returned again after triage.
     */
    public PendingDelivery escalate(UnitOfWork tx, HeldDispute held, String why, OffsetDateTime now) throws Exception {
        CanonicalDispute dispute = json.readValue(held.document(), CanonicalDispute.class);
        String taskForce = routing.countyBody(held.countyCode(), "TASKFORCE");
        Set<String> coHandlers = new LinkedHashSet<>(held.coHandlerIds());
        coHandlers.add(held.handlerId());
        coHandlers.remove(taskForce);
        var due = deadlines.deadlines(held.sourceSystem(), dispute.urgency(), now, null);
        String reason = "escalated to the joint task force (兜底化解): " + why;
        Assignment a = new Assignment(taskForce, handlers.nameOf(taskForce), List.copyOf(coHandlers), now, due.signBy(),
                due.dueAt(), reason, dispute.assignment() == null ? null : dispute.assignment().gridCode());
        CanonicalDispute escalated = dispute.reassigned(a, DisputeStatus.ESCALATED);
        ledger.setStatus(tx, held.disputeId(), DisputeStatus.ESCALATED, now);
        ledger.history(tx, held.disputeId(), HistoryKind.ESCALATED, DisputeStatus.ESCALATED, now, "gateway", taskForce, reason,
                "co-handlers " + coHandlers);
        notices.send(centreOf(held), "ESCALATION", held.disputeId(), taskForce, held.dueAt(), "已提级由联合专班兜底化解",
                now);
        metrics.counter("gateway.escalations", "county", String.valueOf(held.countyCode())).increment();
        return ledger.reassign(tx, held, taskForce, List.copyOf(coHandlers), due.dueAt(),
                new SupervisionTimes(due.remindAt(), due.escalateAt()), json.writeValueAsString(escalated),
                dispute.category().code().name(), dispute.urgency().name(), reason, now);
    }

    private String centreOf(HeldDispute held) {
        return routing.countyBody(held.countyCode(), "CENTRE");
    }
}
