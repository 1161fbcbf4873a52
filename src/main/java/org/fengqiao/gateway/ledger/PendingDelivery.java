package org.fengqiao.gateway.ledger;

/**
 * A committed dispute waiting for the broker to confirm it on its handler's queue. The delivery id
 * is also the broker's duplicate-detection id: sending it twice puts it on the queue once. The
 * reason (the routing rule) goes into the ledger's history when the broker confirms.
 */
public record PendingDelivery(String deliveryId, String disputeId, String handlerId, String document,
        String sourceSystem, String categoryCode, String urgency, String reason) {

    public static String firstDeliveryId(String disputeId) {
        return disputeId + "-1";
    }
}
