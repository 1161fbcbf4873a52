package org.fengqiao.gateway.broker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connection factories for the gateway's own broker user, on the broker the gateway uses (embedded
 * or external), for the parts that hold a JMS connection of their own instead of Camel's.
 */
@ApplicationScoped
public class GatewayBrokerClient {

    @ConfigProperty(name = "quarkus.artemis.url")
    String brokerUrl;
    @Inject
    BrokerConfig broker;

    /** @param urlOptions Artemis client options added to the broker URL ({@code name=value&...}), or "" */
    public ActiveMQConnectionFactory connectionFactory(String urlOptions) {
        String url = urlOptions.isEmpty() ? brokerUrl : brokerUrl + (brokerUrl.contains("?") ? "&" : "?") + urlOptions;
        return new ActiveMQConnectionFactory(url, broker.user(), broker.password().orElse(null));
    }

    /** A session of Artemis's core client as the gateway's user: sends and acknowledgements wait for {@code commit()}. */
    public ClientSession coreSession(ClientSessionFactory factory) throws ActiveMQException {
        return factory.createSession(broker.user(), broker.password().orElse(null), false, false, false, false, 0);
    }
}
