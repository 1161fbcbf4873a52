package org.fengqiao.gateway.delivery;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.ledger.PendingDelivery;

/**
 * The outbox relay: re-sends deliveries that were committed to the ledger but never confirmed by
 * the broker (the process died between the two writes, or the broker was down). Leaves young rows
 * to the request that wrote them. Safe with several instances: a delivery sent again carries the
 * same duplicate-detection id, so it reaches the queue once (within one process, sends of the same
 * delivery also take turns: see {@link DispatchService}).
 */
@ApplicationScoped
public class DeliveryRelay {

    private static final Logger LOG = Logger.getLogger(DeliveryRelay.class);
    private static final int BATCH = 200;

    @Inject
    DisputeLedger ledger;
    @Inject
    DispatchService dispatch;
    @Inject
    Clock clock;
    @Inject
    DeliveryConfig config;

    @Scheduled(every = "${gateway.delivery.relay-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() {
        try {
            var pending = ledger.pendingDeliveries(GatewayTime.now(clock).minus(config.relayGrace()), BATCH);
            int sent = 0;
            for (PendingDelivery delivery : pending) {
                if (!dispatch.tryDispatch(delivery)) {
                    break; // the broker is still down: try again next round
                }
                sent++;
            }
            if (sent > 0) {
                LOG.infof("Outbox relay delivered %d pending dispute(s)", sent);
            }
        } catch (Exception e) {
            LOG.warnf("Outbox relay round failed: %s", e.getClass().getSimpleName());
        }
    }
}
