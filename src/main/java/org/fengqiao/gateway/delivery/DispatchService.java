package org.fengqiao.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.observability.CaseMdc;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.DisputeLedger;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.ledger.PendingDelivery;

/**
 * Sends a pending delivery and records the broker's confirmation (or the failure) in the ledger.
 * Reached through {@link DeliveryGuarantee#deliver} and the {@link DeliveryRelay}.
 */
@ApplicationScoped
public class DispatchService {

    private static final Logger LOG = Logger.getLogger(DispatchService.class);
    private static final Duration GROUP_WAIT = Duration.ofSeconds(30);

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
    // Deliveries a group commit is recording and sending right now, with the outcome to come: a
    // repeated request or the relay waits for it instead of sending the same delivery beside it.
    private final Map<String, CompletableFuture<Boolean>> inGroup = new ConcurrentHashMap<>();

    public DispatchService() {
        for (int i = 0; i < turns.length; i++) {
            turns[i] = new ReentrantLock();
        }
    }

    /**
     * A group commit takes these deliveries over before it records them (so before anyone else can
     * read them from the ledger); {@code outcome} completes once it knows whether the broker
     * confirmed them and the ledger says so.
     */
    void claimForGroup(List<String> deliveryIds, CompletableFuture<Boolean> outcome) {
        for (String id : deliveryIds) {
            inGroup.put(id, outcome);
        }
    }

    void releaseFromGroup(List<String> deliveryIds) {
        for (String id : deliveryIds) {
            inGroup.remove(id);
        }
    }

    /** @return true when the broker confirmed the message and the ledger says DISPATCHED */
    boolean tryDispatch(PendingDelivery delivery) throws Exception {
        CompletableFuture<Boolean> group = inGroup.get(delivery.deliveryId());
        if (group != null) {
            try {
                return group.get(GROUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException notConfirmed) {
                // The group's send failed (a broker failing over): the group recorded the failure and
                // the relay delivers it, as for a send of this delivery's own.
                return false;
            }
        }
        Lock turn = turns[Math.floorMod(delivery.deliveryId().hashCode(), turns.length)];
        turn.lock();
        try (var mdc = CaseMdc.open(delivery.disputeId(), delivery.sourceSystem(), delivery.handlerId())) {
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
