package org.fengqiao.gateway.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.fengqiao.gateway.broker.GatewayBrokerClient;
import org.fengqiao.gateway.ledger.LedgerJournal;
import org.fengqiao.gateway.observability.CaseTracing;
import org.fengqiao.gateway.ledger.PendingDelivery;

/**
 * Puts a canonical dispute on {@code dispute.handler.<handlerId>}: a persistent send, confirmed by
 * the broker before this returns, carrying the JMS properties handlers select on and the delivery
 * id as Artemis's duplicate-detection id. One delivery at a time through Camel JMS, or a batch sent
 * together and confirmed together ({@link Batch}, used by {@link GroupCommit}).
 */
@ApplicationScoped
public class HandlerQueueSender {

    public static final String QUEUE_PREFIX = "dispute.handler.";
    /** Artemis drops a second message with the same value of this property on the same address. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Inject
    ProducerTemplate producer;
    @Inject
    GatewayBrokerClient brokerClient;
    @Inject
    CaseTracing tracing;

    private volatile ActiveMQConnectionFactory batchFactory;

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

    /**
     * A session of one thread's for several deliveries at once: sent without waiting one by one, and
     * confirmed together (the broker syncs its journal once for many). The confirmation window
     * makes the broker's acknowledgements real: without it the Artemis client reports a send as
     * confirmed without hearing from the broker. Its size is also how much each side keeps for
     * resending until the other confirms receipt: with 1 MB the broker held 26,000–46,000 of its small
     * answers at a time, long enough for them to reach the old generation; 64 KB holds about
     * 1,500.
     */
    public Batch openBatch() throws JMSException {
        if (batchFactory == null) {
            batchFactory = brokerClient.connectionFactory("confirmationWindowSize=65536");
        }
        return new Batch(batchFactory.createConnection(), tracing);
    }

    public static final class Batch implements AutoCloseable {

        private static final long CONFIRM_TIMEOUT_SECONDS = 30;

        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private final Map<String, Queue> queues = new HashMap<>();
        private final CaseTracing tracing;

        private Batch(Connection connection, CaseTracing tracing) throws JMSException {
            this.connection = connection;
            this.tracing = tracing;
            try {
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            } catch (JMSException e) {
                connection.close();
                throw e;
            }
        }

        /**
         * Sends every delivery and waits until the broker has confirmed each one (persisted).
         *
         * @throws JMSException when the broker did not confirm all of them in time (some may be on
         *                      their queues: a send again is dropped by duplicate detection)
         */
        public void sendAll(List<PendingDelivery> deliveries) throws JMSException {
            sendAll(List.of(), deliveries);
        }

        /**
         * Sends the ledger journal's records of the deliveries first (see {@link LedgerJournal}: the
         * broker appends a session's sends to its journal in order), then the deliveries, and waits
         * until the broker has confirmed every message.
         */
        public void sendAll(List<String> journalRecords, List<PendingDelivery> deliveries) throws JMSException {
            CountDownLatch confirmed = new CountDownLatch(journalRecords.size() + deliveries.size());
            AtomicReference<Exception> failure = new AtomicReference<>();
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    confirmed.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failure.compareAndSet(null, exception);
                    confirmed.countDown();
                }
            };
            try {
                for (String record : journalRecords) {
                    producer.send(queue(LedgerJournal.QUEUE), session.createTextMessage(record), listener);
                }
                for (PendingDelivery delivery : deliveries) {
                    Message message = session.createTextMessage(delivery.document());
                    for (var property : propertiesOf(delivery).entrySet()) {
                        message.setStringProperty(property.getKey(), property.getValue());
                    }
                    Queue queue = queue(queueOf(delivery.handlerId()));
                    // The case's trace goes with it (W3C traceparent as a JMS property) when tracing is on.
                    Span publish = tracing.start(delivery.disputeId(), "publish " + queueOf(delivery.handlerId()),
                            SpanKind.PRODUCER);
                    tracing.inject(publish, (key, value) -> {
                        try {
                            message.setStringProperty(key, value);
                        } catch (JMSException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    producer.send(queue, message, listener);
                    publish.end();
                }
                if (!confirmed.await(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new JMSException("the broker did not confirm " + confirmed.getCount() + " message(s) in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JMSException("interrupted while waiting for the broker");
            } catch (RuntimeException e) {
                JMSException failed = new JMSException(e.getClass().getSimpleName());
                failed.initCause(e);
                throw failed;
            }
            if (failure.get() != null) {
                JMSException failed = new JMSException("the broker refused a message: "
                        + failure.get().getClass().getSimpleName());
                failed.initCause(failure.get());
                throw failed;
            }
        }

        /** Queues by name, made once per session: the handlers' queues and the ledger journal's. */
        private Queue queue(String name) {
            return queues.computeIfAbsent(name, n -> {
                try {
                    return session.createQueue(n);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
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
