package org.fengqiao.gateway.broker;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.fengqiao.gateway.routing.HandlerDirectory;

/**
 * Who may do what on the embedded broker. Each handler has a user of its own id: it may consume
 * and browse its dispute queue and its notice queue, and send to {@code dispute.events} — nothing
 * else (it cannot read another township's items, put a dispute on any queue, nor create a queue on
 * the events address). The gateway's own user does everything it needs; the operator user is for
 * operations and tests, and sends nothing to the ledger's journal.
 *
 * <p>Passwords: the staff realm's ({@code HandlerCredentials}): {@code gateway.handlers."<id>".password},
 * else the development password {@code dev-<id>} documented in the README (refused by the
 * prod profile). An external
 * broker carries the same rules in its own broker.xml (see the README).
 */
@ApplicationScoped
public class BrokerSecurity {

    static final String GATEWAY_ROLE = "gateway";
    static final String OPERATOR_ROLE = "operator";
    static final String HANDLER_ROLE = "handler";

    @Inject
    HandlerDirectory handlers;
    @Inject
    BrokerConfig config;
    @Inject
    org.fengqiao.gateway.security.HandlerCredentials credentials;

    /** The gateway's own broker user, whose messages broker.MessageSizeLimit does not check. */
    String gatewayUser() {
        return config.user();
    }

    ActiveMQJAASSecurityManager securityManager() {
        SecurityConfiguration users = new SecurityConfiguration();
        // Present: the start stops before the broker when it is not (startup.StartChecks).
        users.addUser(config.user(), config.password().orElseThrow());
        users.addRole(config.user(), GATEWAY_ROLE);
        users.addUser("operator", credentials.passwordOf("operator").orElseThrow());
        users.addRole("operator", OPERATOR_ROLE);
        for (String id : handlers.allHandlerIds()) {
            users.addUser(id, credentials.passwordOf(id).orElseThrow());
            users.addRole(id, id);
            users.addRole(id, HANDLER_ROLE);
        }
        // A grid's handler (网格员) takes its notices and nothing else: no dispute queue, no events.
        credentials.gridHandlerPasswords().forEach((id, password) -> {
            users.addUser(id, password);
            users.addRole(id, id);
        });
        return new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users);
    }

    void apply(Configuration broker) {
        broker.setSecurityEnabled(true);
        // Artemis takes the most specific match, so every match names the gateway and the operator too.
        broker.putSecurityRoles("#", roles());
        Set<Role> events = roles();
        // send only: the gateway creates the address and its queue at start (delivery.EventQueueGuard);
        // a right to create queues there would let a township keep a queue of its own on the shared address
        events.add(new Role(HANDLER_ROLE, true, false, false, false, false, false, false, false, false, false, false, false));
        broker.putSecurityRoles("dispute.events", events);
        // The ledger's journal (ledger.LedgerJournal) holds the gateway's own records: nobody else sends there.
        Set<Role> journal = new HashSet<>();
        journal.add(new Role(GATEWAY_ROLE, true, true, true, true, true, true, true, true, true, true, false, false));
        journal.add(new Role(OPERATOR_ROLE, false, true, true, true, true, true, true, true, true, true, false, false));
        broker.putSecurityRoles("gateway.ledger.#", journal);
        for (String id : handlers.allHandlerIds()) {
            Set<Role> own = roles();
            // consume and browse; create, so a township may connect before its first item
            own.add(new Role(id, false, true, true, false, false, false, false, true, true, false, false, false));
            broker.putSecurityRoles("dispute.handler." + id, own);
            broker.putSecurityRoles("dispute.notice." + id, Set.copyOf(own));
        }
        for (String id : credentials.gridHandlerPasswords().keySet()) {
            Set<Role> notices = roles();
            notices.add(new Role(id, false, true, true, false, false, false, false, true, true, false, false, false));
            broker.putSecurityRoles("dispute.notice." + id, notices);
        }
    }

    // Each Role names its rights in Artemis's order: send, consume, create durable queue, delete durable
    // queue, create non-durable queue, delete non-durable queue, manage, browse, create address, delete
    // address, view and edit (management): nobody views or edits through management messages.
    private static Set<Role> roles() {
        Set<Role> roles = new HashSet<>();
        for (String role : new String[] { GATEWAY_ROLE, OPERATOR_ROLE }) {
            roles.add(new Role(role, true, true, true, true, true, true, true, true, true, true, false, false));
        }
        return roles;
    }
}
