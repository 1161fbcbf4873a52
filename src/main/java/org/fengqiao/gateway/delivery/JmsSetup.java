package org.fengqiao.gateway.delivery;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.jms.ConnectionFactory;

import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.CamelEvent;
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

    /** Close the shared connection before an embedded broker stops under it (observers run by priority). */
    void onCamelStopped(@Observes @Priority(1) CamelEvent.CamelContextStoppedEvent event) {
        if (cached != null) {
            cached.destroy();
        }
    }
}
