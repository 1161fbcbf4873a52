package org.fengqiao.gateway.broker;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.LargeServerMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * The broker's side of the size limit on the queues the gateway consumes: a message larger than
 * {@code max-message-size} bytes (headers, properties and body as the broker holds them) sent to one
 * of {@code addresses} is refused, and its sender's send fails. Artemis has no per-message size
 * setting of its own for core clients, hence a plugin. Messages of {@code exempt-users} (the gateway's
 * own user) are not checked.
 *
 * <p>A large message reaches the plugin after its body was streamed to the broker's large-message
 * folder, not into the heap; refused, that file is deleted. The plugin also writes the true body
 * size of every large message it lets through into {@code _AMQ_LARGE_SIZE}, which a client declares
 * itself: the gateway's consumers select on it (delivery.EventQueueGuard).
 *
 * <p>Depends on the Artemis API only, so an external broker loads it from the gateway's jar with the
 * same properties (README, "Broker security"): {@code <broker-plugin class-name="...MessageSizeLimit">}.
 */
public class MessageSizeLimit implements ActiveMQServerMessagePlugin {

    public static final String MAX_MESSAGE_SIZE = "max-message-size";
    public static final String ADDRESSES = "addresses";
    public static final String EXEMPT_USERS = "exempt-users";

    private long maxMessageSize = Long.MAX_VALUE;
    private Set<String> addresses = Set.of();
    private Set<String> exemptUsers = Set.of();

    /** For an external broker: {@code <broker-plugin>} creates it with no arguments, then calls {@link #init}. */
    public MessageSizeLimit() {
    }

    public MessageSizeLimit(long maxMessageSize, Set<String> addresses, Set<String> exemptUsers) {
        this.maxMessageSize = maxMessageSize;
        this.addresses = Set.copyOf(addresses);
        this.exemptUsers = Set.copyOf(exemptUsers);
    }

    @Override
    public void init(Map<String, String> properties) {
        String max = properties.get(MAX_MESSAGE_SIZE);
        if (max == null || max.isBlank()) {
            throw new IllegalArgumentException(MAX_MESSAGE_SIZE + " is required");
        }
        maxMessageSize = Long.parseLong(max.strip());
        addresses = names(properties.get(ADDRESSES));
        exemptUsers = names(properties.get(EXEMPT_USERS));
    }

    private static Set<String> names(String list) {
        return list == null ? Set.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** The largest text message of at most {@code textBytes} bytes of UTF-8, with room for its headers and properties. */
    public static long boundForText(long textBytes) {
        // A JMS text body is kept as UTF-16 (two bytes a character, and a UTF-8 byte is at least one
        // character), plus a few bytes of length; headers and properties are set by the sender.
        return 2 * textBytes + ENVELOPE_BYTES;
    }

    /** Room for a message's headers and properties (the gateway's own are a few hundred bytes). */
    static final long ENVELOPE_BYTES = 16 * 1024;

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
            boolean noAutoCreateQueue) throws ActiveMQException {
        String address = message.getAddress();
        if (address == null || !addresses.isEmpty() && !addresses.contains(address)) {
            return;
        }
        long size = message.getWholeMessageSize();
        if (message instanceof LargeServerMessage large) {
            long body = large.getLargeBody().getBodySize();
            message.putLongProperty(Message.HDR_LARGE_BODY_SIZE, body);
            size = message.getEncodeSize() + body;
        }
        String user = session == null ? null : session.getValidatedUser();
        if (size > maxMessageSize && (user == null || !exemptUsers.contains(user))) {
            throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, "message of " + size
                    + " bytes refused: " + address + " takes messages of at most " + maxMessageSize + " bytes");
        }
    }
}
