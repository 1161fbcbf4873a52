package org.fengqiao.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.spi.CamelEvent;
import org.fengqiao.gateway.broker.EmbeddedBroker;
import org.fengqiao.gateway.ledger.DisputeLedger.NewDispute;
import org.fengqiao.gateway.ledger.DurabilityMode;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.LedgerJournal;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.ledger.PendingDelivery;

/**
 * The delivery guarantee's one home: every accepted dispute is in the ledger and on its handler's
 * queue exactly once. Two entry points (new disputes; deliveries an event or a repeat put in the
 * outbox), one switch ({@link DurabilityMode}, fixed at start) and one lifecycle that starts and
 * stops the parts in their order. docs/delivery-guarantee.md explains what is durable when, what a
 * crash at each step leaves and how the next start completes it.
 *
 * <p>The lifecycle is driven by Camel's context events because Camel Quarkus starts the routes
 * before Quarkus fires {@code StartupEvent}, and the routes' JMS consumers need the broker.
 */
@ApplicationScoped
public class DeliveryGuarantee {

    private static final Logger LOG = Logger.getLogger(DeliveryGuarantee.class);

    @Inject
    LedgerDatabase database;
    @Inject
    EmbeddedBroker broker;
    @Inject
    LedgerJournal journal;
    @Inject
    EventQueueGuard eventQueues;
    @Inject
    GroupCommit groupCommit;
    @Inject
    DispatchService dispatch;
    @Inject
    JmsSetup jms;

    /** The mode the gateway runs in. */
    public DurabilityMode mode() {
        return database.mode();
    }

    /**
     * Records a new dispute (together with whatever else arrives at the same time) and delivers it
     * to its handler's queue; returns once the outcome is known.
     */
    public GroupCommit.Outcome recordAndDeliver(NewDispute dispute) throws Exception {
        return groupCommit.record(dispute);
    }

    /**
     * Delivers what is already committed in the ledger's outbox: a dispute routed again by a
     * handler's event, escalated by supervision, reopened by an evaluation, or a repeat's pending
     * first delivery. If the broker does not confirm now, the outbox relay delivers it later.
     *
     * @return true when the broker confirmed it and the ledger says so
     */
    public boolean deliver(PendingDelivery delivery) throws Exception {
        return dispatch.tryDispatch(delivery);
    }

    /**
     * The start, in order: the ledger (migrated when its bean is made), the broker, the journal's
     * recovery (before any route may record or read a dispute), the event queues' guard; then
     * Camel starts the routes, and the relay and group writers begin with the first work.
     */
    void onCamelStarting(@Observes CamelEvent.CamelContextStartingEvent event) throws Exception {
        DurabilityMode mode = database.mode();
        broker.awaitStarted();
        journal.start();
        eventQueues.start();
        LOG.infof("Delivery guarantee: %s (%s)", mode, mode.description());
    }

    /**
     * The stop, the start's reverse, once the routes have stopped: the group writers answer what
     * still waits, the shared JMS connection closes, the journal's checkpoints and the event
     * queues' guard end, and the embedded broker stops last. Each step runs even if one before it
     * failed, so the broker's journal is always closed.
     */
    void onCamelStopped(@Observes CamelEvent.CamelContextStoppedEvent event) throws Exception {
        Exception first = null;
        first = step(first, "group writers", groupCommit::stop);
        first = step(first, "JMS connection", jms::stop);
        first = step(first, "ledger journal", journal::stop);
        first = step(first, "event queue guard", eventQueues::stop);
        first = step(first, "broker", broker::stop);
        if (first != null) {
            throw first;
        }
    }

    @FunctionalInterface
    private interface Stop {
        void run() throws Exception;
    }

    private static Exception step(Exception first, String part, Stop stop) {
        try {
            stop.run();
            return first;
        } catch (Exception e) {
            LOG.warnf("Stopping the %s failed: %s", part, e.getClass().getSimpleName());
            return first == null ? e : first;
        }
    }
}
