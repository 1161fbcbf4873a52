package org.fengqiao.gateway.delivery;

import java.time.Clock;

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

    /** @return true when the broker confirmed the message and the ledger says DISPATCHED */
    public boolean tryDispatch(PendingDelivery delivery) throws Exception {
        try {
            sender.send(delivery);
        } catch (Exception e) {
            LOG.warnf("Delivery %s to %s not confirmed by the broker: %s", delivery.deliveryId(),
                    HandlerQueueSender.queueOf(delivery.handlerId()), e.getClass().getSimpleName());
            ledger.recordDeliveryFailure(delivery, e.getClass().getName());
            return false;
        }
        ledger.markDelivered(delivery, GatewayTime.now(clock));
        return true;
    }
}
