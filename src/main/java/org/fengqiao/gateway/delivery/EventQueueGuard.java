package org.fengqiao.gateway.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.fengqiao.gateway.broker.GatewayBrokerClient;
import org.fengqiao.gateway.broker.MessageSizeLimit;
import org.fengqiao.gateway.limits.IntakeGate;
import org.jboss.logging.Logger;

/**
 * Keeps one message from stopping the {@code dispute.events} queue. The Artemis JMS client decodes
 * a text message's whole body when it receives it, so the size of an event must be checked before
 * the gateway's JMS consumer takes it: that consumer selects (a broker-side filter) only messages
 * that can hold an event within {@code gateway.sources.handler-events.max-body-size}
 * ({@link #acceptedSelector()}), and this class takes the rest with Artemis's core client, which
 * streams a large body in chunks, and moves each to {@code DLQ.dispute.events} as it came
 * (refusalCode {@code PAYLOAD_TOO_LARGE}) through a temporary file, never holding the body in the heap.
 * A message the broker let through to the queue despite its own check (handled by
 * broker.MessageSizeLimit) is one from the gateway's own user or one on an external broker without
 * the plugin.
 *
 * <p>It also creates the events address and its queue at start, so a township needs no right to
 * create anything there, and watches the queue for handling.EventQueueHealth: messages that wait while
 * nothing is taken off the queue.
 */
@ApplicationScoped
public class EventQueueGuard {

    private static final Logger LOG = Logger.getLogger(EventQueueGuard.class);
    /** Where handlers put their events (handling.HandlingRoutes consumes it). */
    public static final String EVENTS_QUEUE = "dispute.events";
    /** Where refused events go, with their reason. */
    public static final String REFUSED_QUEUE = "DLQ.dispute.events";
    static final String REFUSAL_CODE = "refusalCode";
    static final String REFUSAL_REASON = "refusalReason";
    public static final String TOO_LARGE = "PAYLOAD_TOO_LARGE";

    @Inject
    GatewayBrokerClient brokerClient;
    @Inject
    IntakeGate limits;
    @Inject
    EventsConfig events;

    private volatile boolean running;
    private volatile boolean moverConnected;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long waitingSinceNanos;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong moved = new AtomicLong();
    private Thread mover;
    private ServerLocator locator;
    private ClientSessionFactory factory;
    private ClientSession querySession;

    /** Largest message, as the broker encodes it, that can hold an event within the size limit. */
    long bound() {
        return MessageSizeLimit.boundForText(maxEventBytes());
    }

    public long maxEventBytes() {
        return limits.maxBodyBytes("handler-events");
    }

    /**
     * What the event route takes: a message whose encoded size ({@code AMQSize}; for a large
     * message its headers only) and large-message body ({@code _AMQ_LARGE_SIZE}, set by the broker)
     * are within {@link #bound()}. Every term is true or false, never unknown, so the complement
     * ({@link #refusedSelector()}) takes exactly the rest.
     */
    public String acceptedSelector() {
        long bound = bound();
        return "AMQSize <= " + bound + " AND (_AMQ_LARGE_SIZE IS NULL OR _AMQ_LARGE_SIZE <= " + bound + ")";
    }

    String refusedSelector() {
        return "NOT (" + acceptedSelector() + ")";
    }

    /** After the broker has started, before the routes (delivery.DeliveryGuarantee's lifecycle). */
    public void start() throws Exception {
        locator = brokerClient.connectionFactory("").getServerLocator();
        factory = locator.createSessionFactory();
        try (ClientSession session = brokerClient.coreSession(factory)) {
            for (String queue : new String[] { EVENTS_QUEUE, REFUSED_QUEUE }) {
                if (!session.queueQuery(SimpleString.of(queue)).isExists()) {
                    session.createQueue(QueueConfiguration.of(queue).setAddress(queue)
                            .setRoutingType(RoutingType.ANYCAST).setDurable(true).setAutoCreated(false));
                }
            }
        }
        querySession = brokerClient.coreSession(factory);
        running = true;
        mover = new Thread(this::moveRefused, "event-queue-guard");
        mover.setDaemon(true);
        mover.start();
    }

    /** After the routes, before the embedded broker stops (delivery.DeliveryGuarantee's lifecycle). */
    public void stop() throws Exception {
        running = false;
        if (mover != null) {
            mover.join(5_000);
        }
        if (querySession != null) {
            querySession.close();
        }
        if (factory != null) {
            factory.close();
        }
        if (locator != null) {
            locator.close();
        }
    }

    private void moveRefused() {
        while (running) {
            try (ClientSession session = brokerClient.coreSession(factory);
                    ClientConsumer consumer = session.createConsumer(EVENTS_QUEUE, refusedSelector());
                    ClientProducer producer = session.createProducer(REFUSED_QUEUE)) {
                session.start();
                moverConnected = true;
                while (running) {
                    ClientMessage message = consumer.receive(500);
                    if (message != null) {
                        moveToRefused(session, producer, message);
                    }
                }
            } catch (Exception e) {
                LOG.warnf("Moving oversized events failed, trying again: %s", e.getClass().getSimpleName());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            } finally {
                moverConnected = false;
            }
        }
    }

    private void moveToRefused(ClientSession session, ClientProducer producer, ClientMessage message)
            throws ActiveMQException, IOException {
        long size = message.isLargeMessage()
                ? message.getEncodeSize() + message.getLongProperty(Message.HDR_LARGE_BODY_SIZE)
                : message.getEncodeSize();
        Path body = Files.createTempFile("refused-event", ".body");
        try {
            try (OutputStream out = Files.newOutputStream(body)) {
                message.saveToOutputStream(out); // chunk by chunk for a large message
            }
            ClientMessage copy = session.createMessage(message.getType(), true);
            for (SimpleString name : message.getPropertyNames()) {
                // The broker's own properties (large size, validated user, duplicate id) are its to set.
                if (!name.startsWith(SimpleString.of("_AMQ_"))) {
                    copy.putObjectProperty(name, message.getObjectProperty(name));
                }
            }
            String sender = message.getValidatedUserID();
            if (sender != null) {
                copy.putStringProperty("sender", sender);
            }
            copy.putStringProperty(REFUSAL_CODE, TOO_LARGE);
            copy.putStringProperty(REFUSAL_REASON, "the message is " + size + " bytes; "
                    + EVENTS_QUEUE + " takes events of at most " + maxEventBytes()
                    + " bytes of UTF-8 (messages of at most " + bound() + " bytes)");
            try (InputStream in = Files.newInputStream(body)) {
                copy.setBodyInputStream(in);
                producer.send(copy);
                message.acknowledge();
                session.commit();
            }
            moved.incrementAndGet();
            progressed();
            LOG.warnf("Handler event refused (%s): a message of %d bytes moved to %s", TOO_LARGE, size,
                    REFUSED_QUEUE);
        } catch (ActiveMQException | IOException | RuntimeException e) {
            session.rollback();
            throw e;
        } finally {
            Files.deleteIfExists(body);
        }
    }

    /** An event applied or refused: the queue moves. */
    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /** A delivery rolled back for redelivery. */
    void failed() {
        failures.incrementAndGet();
    }

    public long failures() {
        return failures.get();
    }

    public boolean moverConnected() {
        return moverConnected;
    }

    /**
     * Why the queue does not move, or null: messages have waited on it, and nothing was taken off it,
     * for longer than {@code gateway.events.stall-after}.
     */
    public synchronized String stalled() throws ActiveMQException {
        long waiting = querySession.queueQuery(SimpleString.of(EVENTS_QUEUE)).getMessageCount();
        long now = System.nanoTime();
        if (waiting == 0) {
            waitingSinceNanos = 0;
            return null;
        }
        if (waitingSinceNanos == 0) {
            waitingSinceNanos = now;
        }
        long quietNanos = now - Math.max(waitingSinceNanos, lastProgressNanos);
        if (quietNanos > events.stallAfter().toNanos()) {
            return waiting + " event(s) waiting, none taken off the queue for "
                    + TimeUnit.NANOSECONDS.toSeconds(quietNanos) + " s";
        }
        return null;
    }
}
