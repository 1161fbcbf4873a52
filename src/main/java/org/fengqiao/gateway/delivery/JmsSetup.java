package org.fengqiao.gateway.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.jms.ConnectionFactory;

import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The Camel JMS component the gateway sends with. Spring's JmsTemplate (under Camel JMS) opens a
 * connection and session per send unless the factory caches them; one cached connection with a
 * pool of sessions and producers keeps a send at one broker round trip.
 */
@ApplicationScoped
public class JmsSetup {

    private CachingConnectionFactory cached;

    @Produces
    @Singleton
    @Named("jms")
    JmsComponent jms(ConnectionFactory artemis) {
        cached = new CachingConnectionFactory(artemis);
        cached.setSessionCacheSize(32);
        cached.setCacheProducers(true);
        // A broker restart breaks the shared connection: drop it and reconnect on the next send.
        cached.setReconnectOnException(true);
        JmsComponent jms = JmsComponent.jmsComponent(cached);
        jms.setDeliveryPersistent(true);
        return jms;
    }

    /** Closes the shared connection before an embedded broker stops under it ({@link DeliveryGuarantee}). */
    void stop() {
        if (cached != null) {
            cached.destroy();
        }
    }
}
