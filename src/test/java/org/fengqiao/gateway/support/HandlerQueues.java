package org.fengqiao.gateway.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A township system's view of the broker: a plain Artemis JMS client over TCP, as the README tells
 * handlers to connect.
 */
public final class HandlerQueues implements AutoCloseable {

    private final Connection connection;
    private final String url;
    private final String user;
    private final String password;

    /** As the operator (every queue), with the embedded broker's development password. */
    public HandlerQueues(String url) throws JMSException {
        this(url, "operator", "dev-operator");
    }

    /** As a given broker user, e.g. a township: {@code new HandlerQueues(url, "330681104", "dev-330681104")}. */
    public HandlerQueues(String url, String user, String password) throws JMSException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.connection = new ActiveMQConnectionFactory(url).createConnection(user, password);
        connection.start();
    }

    /** The embedded broker of the Quarkus tests (port from %test.gateway.broker.port, or -Dgateway.broker.port). */
    public static HandlerQueues embedded() throws JMSException {
        return new HandlerQueues("tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626"));
    }

    /** The embedded broker as a handler (its development password), e.g. a township answering on dispute.events. */
    public static HandlerQueues embeddedAs(String handlerId) throws JMSException {
        return new HandlerQueues("tcp://127.0.0.1:" + System.getProperty("gateway.broker.port", "61626"), handlerId,
                "dev-" + handlerId);
    }

    /** Puts one event (JSON text) on dispute.events, as the handler's own system would. */
    public void sendEvent(String json) throws JMSException {
        try (Session session = session(false);
                MessageProducer producer = session.createProducer(session.createQueue("dispute.events"))) {
            producer.send(session.createTextMessage(json));
        }
    }

    /** Takes every message waiting on the queue (waits up to {@code firstWaitMillis} for the first). */
    public List<TextMessage> drain(String queue, long firstWaitMillis) throws JMSException {
        return drainMessages(queue, firstWaitMillis).stream().map(TextMessage.class::cast).toList();
    }

    /**
     * The notices of one dispute waiting on a handler's notice queue, as "noticeType: message" (waits up to
     * a second for the first; notices of other disputes are taken off the queue too).
     */
    public List<String> notices(String handler, String disputeId) throws JMSException {
        List<String> out = new ArrayList<>();
        for (TextMessage m : drain("dispute.notice." + handler, 1000)) {
            if (disputeId.equals(m.getStringProperty("disputeId"))) {
                try {
                    out.add(m.getStringProperty("noticeType") + ": "
                            + JSON.readTree(m.getText()).path("message").asText());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("a notice that is not JSON", e);
                }
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Every message waiting on the queue, of any type (waits up to {@code firstWaitMillis} for the first). */
    public List<Message> drainMessages(String queue, long firstWaitMillis) throws JMSException {
        List<Message> out = new ArrayList<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            Message m = consumer.receive(firstWaitMillis);
            while (m != null) {
                out.add(m);
                m = consumer.receive(200);
            }
        }
        return out;
    }

    /**
     * The messages on the queue once {@code expected} have come (waiting up to {@code waitMillis} in all),
     * and any more that follow at once: for messages that arrive one by one, with gaps longer than
     * {@link #drainMessages}'s.
     */
    public List<Message> awaitMessages(String queue, int expected, long waitMillis) throws JMSException {
        List<Message> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + waitMillis;
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            while (out.size() < expected) {
                long left = deadline - System.currentTimeMillis();
                Message m = left > 0 ? consumer.receive(left) : null;
                if (m == null) {
                    break;
                }
                out.add(m);
            }
            for (Message m = consumer.receive(200); m != null; m = consumer.receive(200)) {
                out.add(m);
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

    /** Whether the broker has the queue, asked with Artemis's core client (a JMS look-up would create it). */
    public boolean queueExists(String queue) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url);
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session = factory.createSession(user, password, false, true, true, false, 0)) {
            return session.queueQuery(SimpleString.of(queue)).isExists();
        }
    }

    /**
     * Copies every message sent to {@code address} onto a queue of the test's own while the copy is
     * open: a non-exclusive divert, made through the broker's management address (the operator may
     * manage). For reading what another consumer takes as it arrives, e.g. the ledger journal's records.
     */
    public Copy copy(String address) throws Exception {
        String queue = "test-copy-" + java.util.UUID.randomUUID();
        String divert = queue + "-divert";
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        // The consumer creates the copy's queue and keeps it (an auto-created queue goes with its last consumer).
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        manage(session, "createDivert", divert, divert, address, queue, false, null, null);
        return new Copy(session, consumer, divert);
    }

    private static void manage(Session session, String operation, Object... arguments) throws Exception {
        QueueRequestor requestor = new QueueRequestor((QueueSession) session, session.createQueue("activemq.management"));
        Message request = session.createMessage();
        JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, operation, arguments);
        Message reply = requestor.request(request);
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException(operation + " failed: " + JMSManagementHelper.getResult(reply));
        }
    }

    /** What {@link #copy} gives: the messages copied so far; closing removes the divert. */
    public static final class Copy implements AutoCloseable {
        private final Session session;
        private final MessageConsumer consumer;
        private final String divert;

        Copy(Session session, MessageConsumer consumer, String divert) {
            this.session = session;
            this.consumer = consumer;
            this.divert = divert;
        }

        /** The messages copied so far (waits up to {@code firstWaitMillis} for the first). */
        public List<TextMessage> drain(long firstWaitMillis) throws JMSException {
            List<TextMessage> out = new ArrayList<>();
            for (Message m = consumer.receive(firstWaitMillis); m != null; m = consumer.receive(200)) {
                out.add((TextMessage) m);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            try {
                manage(session, "destroyDivert", divert);
            } finally {
                session.close();
            }
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
