package org.fengqiao.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The townships' and bodies' side: one consumer per handler queue, as a handler system would
 * connect (Artemis JMS over TCP, acknowledging each message). Notes when each dispute arrives; a
 * police case is recognised by its source record (警情编号) in the document.
 */
final class HandlerQueues implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final List<Session> sessions = new ArrayList<>();
    /** disputeId -> System.nanoTime() at arrival. */
    final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    /** jqbh -> System.nanoTime() at arrival, for police cases. */
    final Map<String, Long> policeArrivals = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    /** The first documents delivered, to size the raw broker's messages like real ones. */
    private final List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());

    HandlerQueues(String brokerUrl, String user, String password, List<String> queues) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, user, password);
        connection = factory.createConnection();
        for (String queue : queues) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(queue)).setMessageListener(this::arrived);
            sessions.add(session);
        }
        connection.start();
    }

    private void arrived(Message message) {
        long now = System.nanoTime();
        received.incrementAndGet();
        try {
            String disputeId = message.getStringProperty("disputeId");
            if (arrivals.putIfAbsent(disputeId, now) != null) {
                duplicates.incrementAndGet();
            }
            if (samples.size() < 301 && message instanceof TextMessage text) {
                samples.add(text.getText());
            }
            if ("POLICE_RISK".equals(message.getStringProperty("sourceSystem"))) {
                String jqbh = JSON.readTree(((TextMessage) message).getText()).path("source").path("recordId").asText();
                policeArrivals.putIfAbsent(jqbh, now);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A delivered canonical dispute of the median size among the first ones seen. */
    String medianDocument() {
        synchronized (samples) {
            if (samples.isEmpty()) {
                throw new IllegalStateException("no dispute has arrived on the handler queues");
            }
            List<String> bySize = new ArrayList<>(samples);
            bySize.sort(java.util.Comparator.comparingInt(d -> d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            return bySize.get(bySize.size() / 2);
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
