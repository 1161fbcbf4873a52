package org.fengqiao.gateway.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.jboss.logging.Logger;

/**
 * The one-process default: an Artemis broker inside the gateway, with a durable journal under the
 * data folder. The gateway itself talks to it in-VM; township systems connect over the loopback
 * TCP acceptor with any Artemis JMS client. Not started when {@code gateway.broker.url} names an
 * external broker.
 *
 * <p>Started before Camel loads the routes, on a thread of its own while it loads them, and
 * waited for at Camel's context-starting event (delivery.DeliveryGuarantee's lifecycle): Camel
 * Quarkus starts routes (and their JMS consumers) before Quarkus fires {@code StartupEvent}.
 * Started after the route loading instead of beside it, the broker kept Camel's start waiting
 * 0.5 s; beside it, Camel's start takes a few tens of milliseconds (gateway log, "started in").
 */
@ApplicationScoped
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    @jakarta.inject.Inject
    BrokerConfig settings;
    @jakarta.inject.Inject
    org.fengqiao.gateway.config.GatewayConfig gateway;

    @jakarta.inject.Inject
    BrokerSecurity security;
    @jakarta.inject.Inject
    org.fengqiao.gateway.limits.IntakeGate limits;

    private volatile EmbeddedActiveMQ broker;
    private final AtomicBoolean starting = new AtomicBoolean();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    void beforeRoutesLoad(@Observes BeforeConfigure event) {
        if (starting.compareAndSet(false, true)) {
            Thread starter = new Thread(this::start, "broker-start");
            starter.setDaemon(true);
            starter.start();
        }
    }

    /**
     * Routes and their JMS consumers start after this: the broker must be up (or the start fails).
     * Called by delivery.DeliveryGuarantee's lifecycle.
     */
    public void awaitStarted() throws Exception {
        if (starting.compareAndSet(false, true)) {
            start(); // not started before the routes were loaded: start it here
        }
        try {
            started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void start() {
        if (settings.url().isPresent()) {
            LOG.infof("Using external broker %s", settings.url().get());
            started.complete(null);
            return;
        }
        try {
            Configuration configuration = configuration();
            security.apply(configuration);
            broker = new EmbeddedActiveMQ().setConfiguration(configuration)
                    .setSecurityManager(security.securityManager());
            broker.start();
            LOG.infof("Embedded Artemis broker started: journal in %s, listening on tcp://%s:%d",
                    brokerDir(), settings.host(), settings.port());
            started.complete(null);
        } catch (Throwable e) {
            started.completeExceptionally(e);
        }
    }

    /** Last of the lifecycle's stops: after everything that uses the broker (delivery.DeliveryGuarantee). */
    public void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    public boolean isEmbedded() {
        return settings.url().isEmpty();
    }

    public boolean isActive() {
        return broker != null && broker.getActiveMQServer().isActive();
    }

    private Path brokerDir() {
        return Path.of(gateway.dataDir(), "broker").toAbsolutePath().normalize();
    }

    private Configuration configuration() throws Exception {
        Path dir = brokerDir();
        Configuration config = new ConfigurationImpl()
                .setName("fengqiao-embedded")
                .setPersistenceEnabled(true)
                // NIO works on every file system; AIO needs libaio and a native journal file system.
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(dir.toString())
                .setJMXManagementEnabled(false)
                // Stamps each message with the user that sent it: events are checked against it.
                .setPopulateValidatedUser(true)
                .setMaxDiskUsage(settings.maxDiskUsage())
                // Messages beyond this (a township offline for a weekend) are paged to disk instead of
                // held in the heap the gateway shares with the broker (Artemis's default is half the heap).
                .setGlobalMaxSize(settings.globalMaxSize().asLongValue())
                // A slow shared disk must not make the broker halt itself; log instead.
                .setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG)
                .setPersistIDCache(true)
                // Per address (one per handler): about 150 bytes of heap per remembered id.
                .setIDCacheSize(settings.idCacheSize());
        config.addAcceptorConfiguration("in-vm", "vm://0");
        // CORE only: the standard AMQP/MQTT ports belong to other services on many hosts.
        config.addAcceptorConfiguration("tcp", "tcp://" + settings.host() + ":" + settings.port() + "?protocols=CORE");

        // Every dispute queue is a durable anycast queue; what cannot be processed after the
        // configured attempts goes to DLQ.<queue>, created on demand: nothing is dropped.
        AddressSettings disputeQueues = new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setMaxDeliveryAttempts(settings.maxDeliveryAttempts())
                .setRedeliveryDelay(settings.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                // Gateway messages never expire; a handler's own TTL messages expire to EXP.<queue>.
                .setExpiryAddress(SimpleString.of("EXPIRY"))
                .setAutoCreateExpiryResources(true)
                .setExpiryQueuePrefix(SimpleString.of("EXP."));
        config.addAddressSetting("dispute.#", disputeQueues);
        // The embedded ledger's journal (ledger.LedgerJournal): one durable queue, kept when empty. A
        // record goes back to the queue when a checkpoint fails; it is never dead-lettered or expired.
        config.addAddressSetting("gateway.ledger.#", new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setMaxDeliveryAttempts(-1)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("EXPIRY")));
        // A dead-letter queue needs a dead-letter and an expiry address of its own too, or the broker
        // warns at each start for each one (AMQ222165, AMQ222166). Nothing the gateway sends there
        // expires, and nothing consumes from it but an operator.
        config.addAddressSetting("DLQ.#", new AddressSettings()
                .setAutoDeleteQueues(false).setAutoDeleteAddresses(false)
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("EXPIRY")));
        // Events on the queue get the size limit of events over REST: a message that could not hold
        // a valid event is refused at the send (the consumer checks again, delivery.EventQueueGuard).
        config.registerBrokerPlugin(new MessageSizeLimit(
                MessageSizeLimit.boundForText(limits.maxBodyBytes("handler-events")),
                java.util.Set.of("dispute.events"), java.util.Set.of(security.gatewayUser())));
        return config;
    }
}
