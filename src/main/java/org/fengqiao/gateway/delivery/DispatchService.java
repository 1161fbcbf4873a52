package org.fengqiao.gateway.delivery;

import java.time.Clock;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.jboss.logging.Logger;

/** Sends a pending delivery and records the broker's confirmation (or the failure) in the ledger. */
@ApplicationScoped
public class DispatchService {

    private static final Logger LOG = Logger.getLogger(DispatchService.class);

    @Inject
    HandlerQueueSender sender;
    @Inject
    DisputeLedger ledger;
    @Inject
    Clock clock;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    // Artemis checks a duplicate id and records it in two separate steps, so two sends of the same
    // delivery at the same moment can both reach the queue. Concurrent requests for one source record
    // (and the relay) therefore take turns per delivery, and a turn that finds the delivery already
    // confirmed sends nothing.
    private final Lock[] turns = new Lock[64];

    public DispatchService() {
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    /** @return true when the broker confirmed the message and the ledger says DISPATCHED */
    public boolean tryDispatch(PendingDelivery delivery) throws Exception {
        Lock turn = turns[Math.floorMod(delivery.deliveryId().hashCode(), turns.length)];
        turn.lock();
        try {
            if (ledger.isDelivered(delivery.deliveryId())) {
                return true;
            }
            try {
                sender.send(delivery);
            } catch (Exception e) {
                LOG.warnf("Delivery %s to %s not confirmed by the broker: %s", delivery.deliveryId(),
                        HandlerQueueSender.queueOf(delivery.handlerId()), e.getClass().getSimpleName());
                ledger.recordDeliveryFailure(delivery, e.getClass().getName());
                return false;
            }
            ledger.markDelivered(delivery, GatewayTime.now(clock));
            metrics.counter("gateway.disputes.dispatched", "handler", delivery.handlerId()).increment();
            return true;
        } finally {
            turn.unlock();
        }
    }
}
