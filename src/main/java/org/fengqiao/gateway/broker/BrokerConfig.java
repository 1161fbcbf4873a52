package org.fengqiao.gateway.broker;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The message broker: the embedded Artemis, or an external one when a URL is set. */
@ConfigMapping(prefix = "gateway.broker")
public interface BrokerConfig {

    /** An external broker (tcp://host:61616); unset: the embedded broker. */
    Optional<String> url();

    /** Interface the embedded broker listens on. */
    String host();

    /** Port the embedded broker listens on. */
    int port();

    /** The gateway's own broker user. */
    @WithDefault("gateway")
    String user();

    /** The gateway's own broker password: a secret (development value only in dev, test and local). */
    Optional<String> password();

    /** Disk fill (percent) beyond which Artemis blocks producers; -1 turns the check off. */
    int maxDiskUsage();

    /** Memory the embedded broker holds messages in, all queues together; beyond it they page to disk. */
    MemorySize globalMaxSize();

    /** Duplicate-detection ids remembered per address. */
    int idCacheSize();

    /** Deliveries of a message before it goes to the dead-letter queue. */
    int maxDeliveryAttempts();

    /** Wait before a message is delivered again. */
    Duration redeliveryDelay();
}
