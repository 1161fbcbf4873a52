package org.fengqiao.gateway.supervision;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.jboss.logging.Logger;

/**
 * Tells the co-handlers a new dispute names at intake (the grid's handler, 网格员) of it: a notice of
 * type {@code CO_HANDLER} on {@code dispute.notice.<co-handler>}, not the dispute itself, which only
 * its holder's queue carries. The ledger owes each notice from the dispute's own commit; this relay
 * sends what is owed and marks it sent once the broker has it. A notice sent again (a crash between the
 * two, or two instances in the same round) arrives once: the broker's duplicate detection.
 */
@ApplicationScoped
public class CoHandlerNotices {

    public static final String TYPE = "CO_HANDLER";
    private static final Logger LOG = Logger.getLogger(CoHandlerNotices.class);
    private static final int BATCH = 200;

    @Inject
    DisputeLedger ledger;
    @Inject
    Notices notices;
    @Inject
    HandlerDirectory handlers;
    @Inject
    Clock clock;

    @Scheduled(every = "${gateway.delivery.relay-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        try {
            for (DisputeLedger.CoHandlerNotice owed : ledger.unsentCoHandlerNotices(BATCH)) {
                String holder = handlers.nameOf(owed.holderId());
                notices.send(owed.coHandlerId(), TYPE, owed.disputeId(), owed.holderId(), owed.dueAt(),
                        "网格协办知会：矛盾纠纷 " + owed.disputeId() + " 由" + holder + "办理，请协助了解情况（不需签收办理）",
                        owed.createdAt(), "intake");
                ledger.markCoHandlerNoticeSent(owed.disputeId(), owed.coHandlerId(), GatewayTime.now(clock));
            }
        } catch (Exception e) {
            // The broker or the ledger is away: what is owed stays owed for the next round.
            LOG.warnf("Co-handler notices not sent this round: %s", e.getClass().getSimpleName());
        }
    }
}
