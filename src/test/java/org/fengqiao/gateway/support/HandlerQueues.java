package org.fengqiao.gateway.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A township system's view of the broker: a plain Artemis JMS client over TCP, as the README tells
 * handlers to connect.
 */
public final class HandlerQueues implements AutoCloseable {

    private final Connection connection;

    /** As the operator (every queue), with the embedded broker's development password. */
    public HandlerQueues(String url) throws JMSException {
        this(url, "operator", "dev-operator");
    }

    /** As a given broker user, e.g. a township: {@code new HandlerQueues(url, "330681104", "dev-330681104")}. */
    public HandlerQueues(String url, String user, String password) throws JMSException {
        this.connection = new ActiveMQConnectionFactory(url).createConnection(user, password);
        connection.start();
    }

    /** The embedded broker of the Quarkus tests (port from %test.gateway.broker.port, or -Dgateway.broker.port). */
    public static HandlerQueues embedded() throws JMSException {
        return new HandlerQueues("tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626"));
    }

    /** Takes every message waiting on the queue (waits up to {@code firstWaitMillis} for the first). */
    public List<TextMessage> drain(String queue, long firstWaitMillis) throws JMSException {
        List<TextMessage> out = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            Message m = consumer.receive(firstWaitMillis);
            while (m != null) {
                out.add((TextMessage) m);
                m = consumer.receive(200);
            }
        }
        return out;
    }

    /** Messages on the queue, without consuming them. */
    public int depth(String queue) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }

    public Session session(boolean transacted) throws JMSException {
        return connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
