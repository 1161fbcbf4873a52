package org.fengqiao.gateway.ledger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.fengqiao.gateway.broker.GatewayBrokerClient;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.ledger.DisputeLedger.NewDispute;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.jboss.logging.Logger;

/**
 * The embedded ledger's log, kept in the broker's journal. A group commit's new disputes are
 * committed to the embedded ledger without waiting for its file, and their record goes to the
 * broker as one more message in the same round of confirmations as the disputes themselves: the
 * broker syncs its journal once for both, so a group waits for one disk instead of two, and the
 * ledger's file is written twice a second by H2's background writer instead of at every group
 * (BENCHMARKS.md: the embedded ledger writes copies of whole pages at each store).
 *
 * <p>What a 202 promises stays: the dispute is on its handler's queue and its record is in the
 * broker's journal, both synced. The records stay on {@value #QUEUE} until the ledger's file is
 * synced past them (a checkpoint every {@code gateway.ledger.journal.checkpoint-interval}); after a
 * crash, the next start records every dispute of the remaining records the ledger lacks, before any
 * route starts, as RECEIVED with its delivery pending (the relay sends it again; the broker drops
 * the copy already on the queue by its duplicate-detection id). The record is sent before the
 * group's disputes on the same session, and the broker appends a session's sends to its journal
 * in order: a dispute on a queue always has its record.
 *
 * <p>The records carry the sealed document (party ID and phone numbers and the free text
 * encrypted), as the ledger does. On PostgreSQL, whose commit appends to its own log, the journal is not used.
 */
@ApplicationScoped
public class LedgerJournal {

    public static final String QUEUE = "gateway.ledger.journal";
    /** Below Artemis's large-message threshold (100 KiB), which would give each record a file of its own. */
    private static final int RECORD_BYTES = 60_000;
    private static final Logger LOG = Logger.getLogger(LedgerJournal.class);

    /** One dispute of a record: what {@link DisputeLedger#recordAll} needs to record it again. */
    record Entry(String disputeId, String document, Set<String> partyKeys, OffsetDateTime remindAt,
            OffsetDateTime escalateAt) {
    }

    @Inject
    LedgerDatabase database;
    @Inject
    DisputeLedger ledger;
    @Inject
    PartyFieldCipher documents;
    @Inject
    SearchKeys searchKeys;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;
    @Inject
    LedgerConfig config;
    @Inject
    GatewayBrokerClient brokerClient;

    private volatile boolean running;
    private volatile int recovered;
    private Thread checkpointer;
    private ActiveMQConnectionFactory factory;

    /** True when new disputes go through the journal: the embedded ledger, unless turned off. */
    public boolean inUse() {
        return database.mode().journalled();
    }

    /** The group's record, as one or more messages for {@value #QUEUE}. */
    public List<String> recordsOf(List<NewDispute> disputes) {
        List<String> records = new ArrayList<>(1);
        List<Entry> entries = new ArrayList<>(disputes.size());
        int bytes = 0;
        for (NewDispute n : disputes) {
            if (!entries.isEmpty() && bytes + n.sealedDocument().length() > RECORD_BYTES) {
                records.add(write(entries));
                entries.clear();
                bytes = 0;
            }
            entries.add(new Entry(n.dispute().disputeId(), n.sealedDocument(), n.partyKeys(),
                    n.supervision().remindAt(), n.supervision().escalateAt()));
            bytes += n.sealedDocument().length();
        }
        if (!entries.isEmpty()) {
            records.add(write(entries));
        }
        return records;
    }

    private String write(List<Entry> entries) {
        try {
            return json.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal record could not be written", e);
        }
    }

    /**
     * Before the routes start and after the broker has (delivery.DeliveryGuarantee's lifecycle):
     * records what the ledger lost in a crash, then keeps acknowledging records as the ledger's file
     * is synced past them.
     */
    public void start() throws Exception {
        if (!inUse()) {
            return;
        }
        factory = brokerClient.connectionFactory("");
        recovered = recover();
        // Read when scraped (the registries may be bound after this); the bean keeps the count alive.
        FunctionCounter.builder("gateway.ledger.journal.recovered", this, journal -> journal.recovered)
                .description("Disputes recorded again from the ledger journal at this start").register(metrics);
        if (recovered > 0) {
            LOG.infof("Ledger journal: %d dispute(s) the ledger lacked after the last stop recorded again", recovered);
        }
        running = true;
        checkpointer = new Thread(this::checkpoint, "ledger-journal");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /** Every record left on the queue: its disputes the ledger lacks are recorded, then it is acknowledged. */
    private int recover() throws JMSException, SQLException {
        List<String> recovered = new ArrayList<>();
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            Message message;
            // receiveNoWait asks the broker: null only when the queue has nothing more
            while ((message = consumer.receiveNoWait()) != null) {
                List<Entry> entries = read(((TextMessage) message).getText());
                Set<String> present = ledger.existing(entries.stream().map(Entry::disputeId).toList());
                List<NewDispute> missing = entries.stream().filter(e -> !present.contains(e.disputeId()))
                        .map(this::newDispute).toList();
                recovered.addAll(record(missing));
            }
            ledger.moveSequencePast(recovered);
            database.storeEmbedded();
            session.commit();
        }
        return recovered.size();
    }

    private List<String> record(List<NewDispute> missing) throws SQLException {
        try {
            ledger.recordAll(missing);
            return missing.stream().map(n -> n.dispute().disputeId()).toList();
        } catch (DuplicateSourceRecordException e) {
            // A source record already in the ledger under another dispute: keep that one.
            List<String> recorded = new ArrayList<>();
            for (NewDispute n : missing) {
                try {
                    ledger.recordAll(List.of(n));
                    recorded.add(n.dispute().disputeId());
                } catch (DuplicateSourceRecordException repeat) {
                    LOG.warnf("Ledger journal: dispute %s not recorded again: its source record is in the ledger",
                            n.dispute().disputeId());
                }
            }
            return recorded;
        }
    }

    private List<Entry> read(String record) {
        try {
            return json.readValue(record, new TypeReference<List<Entry>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal record could not be read", e);
        }
    }

    private NewDispute newDispute(Entry entry) {
        String document = documents.open(entry.document());
        try {
            CanonicalDispute dispute = json.readValue(document, CanonicalDispute.class);
            return new NewDispute(dispute, document, entry.document(), documents.sealText(dispute.title()),
                    entry.partyKeys(), searchKeys.of(dispute),
                    new SupervisionTimes(entry.remindAt(), entry.escalateAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journalled dispute could not be read", e);
        }
    }

    /**
     * Takes the records as they arrive and, every checkpoint interval, syncs the ledger's file (what
     * was committed before a record was sent is in it then) and acknowledges them.
     */
    private void checkpoint() {
        long intervalNanos = config.journal().checkpointInterval().toNanos();
        while (running) {
            try (Connection connection = factory.createConnection()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
                long due = System.nanoTime() + intervalNanos;
                int held = 0;
                while (running) {
                    long left = TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime());
                    if (left > 0 && consumer.receive(left) != null) {
                        held++;
                        continue;
                    }
                    if (held > 0) {
                        database.storeEmbedded();
                        session.commit();
                        held = 0;
                    }
                    due = System.nanoTime() + intervalNanos;
                }
                if (held > 0) {
                    database.storeEmbedded();
                    session.commit();
                }
            } catch (Exception e) {
                // Unacknowledged records stay on the queue; they are acknowledged at the next checkpoint.
                LOG.warnf("Ledger journal checkpoint failed, trying again: %s", e.getClass().getSimpleName());
                LockSupport.parkNanos(intervalNanos);
            }
        }
    }

    /** After the group writers, before the embedded broker stops (delivery.DeliveryGuarantee's lifecycle). */
    public void stop() throws InterruptedException {
        running = false;
        if (checkpointer != null) {
            checkpointer.join(5_000);
        }
    }
}
