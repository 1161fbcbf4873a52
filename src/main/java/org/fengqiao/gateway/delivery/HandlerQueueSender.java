package org.fengqiao.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Puts a canonical dispute on {@code dispute.handler.<handlerId>}: a persistent send, confirmed by
 * the broker before this returns, carrying the JMS properties handlers select on and the delivery
 * id as Artemis's duplicate-detection id.
 */
@ApplicationScoped
public class HandlerQueueSender {

    public static final String QUEUE_PREFIX = "dispute.handler.";
    /** Artemis drops a second message with the same value of this property on the same address. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Inject
    ProducerTemplate producer;

    public static String queueOf(String handlerId) {
        return QUEUE_PREFIX + handlerId;
    }

    /** @throws Exception when the broker did not confirm the message */
    public void send(PendingDelivery delivery) throws Exception {
        Exchange result = producer.send("jms:queue:" + queueOf(delivery.handlerId()), exchange -> {
            var message = exchange.getMessage();
            message.setBody(delivery.document());
            message.setHeader("disputeId", delivery.disputeId());
            message.setHeader("sourceSystem", delivery.sourceSystem());
            message.setHeader("categoryCode", delivery.categoryCode());
            message.setHeader("urgency", delivery.urgency());
            message.setHeader("handlerId", delivery.handlerId());
            message.setHeader(DUPLICATE_ID, delivery.deliveryId());
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }
}
