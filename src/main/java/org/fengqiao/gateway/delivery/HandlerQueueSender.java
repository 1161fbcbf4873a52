package org.fengqiao.gateway.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Puts a canonical dispute on {@code dispute.handler.<handlerId>}: a persistent send, confirmed by
 * the broker before this returns, carrying the JMS properties handlers select on and the delivery
 * id as Artemis's duplicate-detection id. One delivery at a time through Camel JMS, or a batch in
 * one broker transaction ({@link Batch}, used by {@link GroupCommit}).
 */
@ApplicationScoped
public class HandlerQueueSender {

    public static final String QUEUE_PREFIX = "dispute.handler.";
    /** Artemis drops a second message with the same value of this property on the same address. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Inject
    ProducerTemplate producer;
    @Inject
    ConnectionFactory connectionFactory;

    public static String queueOf(String handlerId) {
        return QUEUE_PREFIX + handlerId;
    }

    /** The JMS properties of a delivery: what handlers select on, and the duplicate-detection id. */
    static Map<String, String> propertiesOf(PendingDelivery delivery) {
        return Map.of("disputeId", delivery.disputeId(), "sourceSystem", delivery.sourceSystem(),
                "categoryCode", delivery.categoryCode(), "urgency", delivery.urgency(),
                "handlerId", delivery.handlerId(), DUPLICATE_ID, delivery.deliveryId());
    }

    /** @throws Exception when the broker did not confirm the message */
    public void send(PendingDelivery delivery) throws Exception {
        Exchange result = producer.send("jms:queue:" + queueOf(delivery.handlerId()), exchange -> {
            var message = exchange.getMessage();
            message.setBody(delivery.document());
            propertiesOf(delivery).forEach(message::setHeader);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    /** A transacted session of one thread's: several deliveries, one commit (one journal sync). */
    public Batch openBatch() throws JMSException {
        return new Batch(connectionFactory.createConnection());
    }

    public static final class Batch implements AutoCloseable {

        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private final Map<String, Queue> queues = new HashMap<>();

        private Batch(Connection connection) throws JMSException {
            this.connection = connection;
            try {
                session = connection.createSession(true, Session.SESSION_TRANSACTED);
                producer = session.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            } catch (JMSException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Sends every delivery and commits: all are on their queues when this returns.
         *
         * @throws JMSException when the broker did not confirm them (none is on a queue then)
         */
        public void sendAll(List<PendingDelivery> deliveries) throws JMSException {
            try {
                for (PendingDelivery delivery : deliveries) {
                    Message message = session.createTextMessage(delivery.document());
                    for (var property : propertiesOf(delivery).entrySet()) {
                        message.setStringProperty(property.getKey(), property.getValue());
                    }
                    Queue queue = queues.computeIfAbsent(delivery.handlerId(), this::queue);
                    producer.send(queue, message);
                }
                session.commit();
            } catch (JMSException | RuntimeException e) {
                try {
                    session.rollback();
                } catch (JMSException ignored) {
                    // the session is closed by the caller; nothing was committed
                }
                throw e;
            }
        }

        private Queue queue(String handlerId) {
            try {
                return session.createQueue(queueOf(handlerId));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // closing a broken connection
            }
        }
    }
}
