package org.fengqiao.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.HdrHistogram.Histogram;

/**
 * The broker's own limit, for comparison: what the gateway does per case at the broker, done
 * directly. Each of N producers has its own connection and sends persistent messages (the JMS
 * client waits for the broker's confirmation of each durable send, as the gateway does) of the size
 * of a real canonical dispute, with the same properties and a duplicate-detection id, to durable
 * queues under {@code dispute.} (the handler queues' settings); one consumer per queue, as in the
 * gateway phase. Throughput counts the messages sent (confirmed) in the measured window that reached
 * their consumer; latency runs from send to arrival.
 */
final class RawBrokerLoad {

    private RawBrokerLoad() {
    }

    static PhaseResult run(String brokerUrl, String user, String password, HandlerQueues consumers,
            List<String> queues, String document, int producers, Duration warmup, Duration measure, CostWindow cost) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl, user, password);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2]; // start and end of the measured window, set before the producers start
        List<Connection> connections = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Connection connection = factory.createConnection();
            connections.add(connection);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<MessageProducer> senders = new ArrayList<>();
            for (String queue : queues) {
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                senders.add(producer);
            }
            int first = p;
            threads.add(new Thread(() -> {
                int i = first;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= window[1]) {
                        return;
                    }
                    String id = UUID.randomUUID().toString();
                    try {
                        TextMessage message = session.createTextMessage(document);
                        message.setStringProperty("disputeId", id);
                        message.setStringProperty("sourceSystem", "HOTLINE_12345");
                        message.setStringProperty("categoryCode", "NEIGHBOUR");
                        message.setStringProperty("urgency", "NORMAL");
                        message.setStringProperty("handlerId", "330681104");
                        message.setStringProperty("_AMQ_DUPL_ID", id);
                        senders.get(i++ % senders.size()).send(message);
                        if (now >= window[0]) {
                            sent.put(id, now);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "raw-producer-" + p));
        }
        // The clock starts once every connection is open: opening 64 is not part of the measure.
        long start = System.nanoTime();
        window[0] = start + warmup.toNanos();
        window[1] = window[0] + measure.toNanos();
        threads.forEach(Thread::start);
        IntakeLoad.waitUntil(window[0]);
        cost.begin();
        IntakeLoad.waitUntil(window[1]);
        cost.end();
        for (Thread thread : threads) {
            thread.join();
        }
        for (Connection connection : connections) {
            connection.close();
        }
        Histogram latency = Latencies.histogram();
        long missing = Latencies.join(sent, consumers.arrivals, latency);
        long completed = sent.size() - missing;
        return PhaseResult.of(completed / (measure.toNanos() / 1e9), completed, 0, errors.get(), missing,
                consumers.duplicates.get(), latency, cost);
    }
}
