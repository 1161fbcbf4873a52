package org.fengqiao.gateway.handling;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.fengqiao.gateway.intake.JsonPayloads;
import org.fengqiao.gateway.intake.PayloadSchema;
import org.fengqiao.gateway.limits.IntakeGate;
import org.fengqiao.gateway.problem.ConflictException;
import org.fengqiao.gateway.problem.FieldViolation;
import org.fengqiao.gateway.problem.ForbiddenException;
import org.fengqiao.gateway.problem.HttpReplies;
import org.fengqiao.gateway.problem.InvalidRequestException;
import org.fengqiao.gateway.problem.NotFoundException;
import org.fengqiao.gateway.problem.PayloadTooLargeException;
import org.fengqiao.gateway.problem.Text;
import org.fengqiao.gateway.delivery.EventQueueGuard;
import org.fengqiao.gateway.canonical.HandlerEvent;
import org.fengqiao.gateway.handling.HandlingService.Received;

/**
 * Handler events come in two ways: {@code POST /api/v1/disputes/{id}/events} for handlers without
 * a JMS client, and the {@code dispute.events} queue. On the queue there is nobody to answer, so a
 * refused event goes to {@code DLQ.dispute.events} with the reason in its properties, and the
 * ledger is untouched; a failure of the gateway itself (ledger down) rolls the message back for
 * redelivery instead.
 */
@ApplicationScoped
public class HandlingRoutes extends RouteBuilder {

    static final String JMS_ROUTE = "dispute-event-jms";
    private static final String RAW_EVENT = "gatewayRawEvent";
    /** Artemis's validated sender of a message (populate-validated-user), as the JMS API shows it. */
    static final String VALIDATED_USER = "JMSXUserID";

    /** The event's fields that take the name of an enum constant, with the names each takes. */
    private static final Map<String, Set<String>> NAMES_BY_ENUM_FIELD = namesByEnumField();

    private PayloadSchema eventSchema;

    @Inject
    ObjectMapper json;
    @Inject
    org.fengqiao.gateway.routing.HandlerDirectory handlers;
    @Inject
    EventQueueGuard guard;

    @Override
    public void configure() {
        eventSchema = PayloadSchema.fromClasspath("schemas/handler-event.json", json);
        rest("/api/v1/disputes")
                .post("/{disputeId}/events").id("rest-post-dispute-event")
                .consumes("application/json").produces("application/json")
                .to("direct:dispute-event");

        from("direct:dispute-event").routeId("dispute-event-rest")
                // The same gate as the sources: rate and size limits (gateway.sources.handler-events.*), strict UTF-8.
                .bean(IntakeGate.class, "admit('handler-events', *)")
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader("disputeId", String.class);
                    Received received = parse(exchange.getMessage().getBody(String.class));
                    HandlerEvent event = received.event().withDisputeId(id);
                    // A handler speaks for itself only: the event's handlerId is the signed-in caller.
                    var caller = org.fengqiao.gateway.security.StaffAuthentication.callerOf(exchange);
                    if (event.handlerId() != null && handlers.isKnown(event.handlerId())
                            && !event.handlerId().equals(caller.id())) {
                        throw new ForbiddenException(new Text("handling.not-as", caller.id(), event.handlerId()));
                    }
                    // Over HTTP the person is who signed in, whatever the body says.
                    exchange.getMessage().setBody(received.with(event.withPerson(caller.person())));
                })
                .bean(HandlingService.class, "apply")
                .process(this::reply);

        // Only messages that can hold an event within the size limit: the JMS client reads a body
        // whole when it receives it, so the broker filters first (EventQueueGuard moves the rest).
        // mapJmsMessage=false: the body is read here, by type, and an object is never deserialised.
        // The JMS session's own transaction (lazyCreateTransactionManager=false): a failed event is rolled
        // back and redelivered as with a transaction manager, but the container keeps its consumer instead
        // of opening a new one every receive, so a stop does not find it half set up.
        from("jms:queue:" + EventQueueGuard.EVENTS_QUEUE + "?transacted=true&lazyCreateTransactionManager=false&mapJmsMessage=false&selector=RAW("
                + guard.acceptedSelector() + ")").routeId(JMS_ROUTE)
                .onException(InvalidRequestException.class, ForbiddenException.class, ConflictException.class,
                        NotFoundException.class, PayloadTooLargeException.class, UnreadableEventException.class)
                    .handled(true)
                    .process(this::describeRefusal)
                    .log(LoggingLevel.WARN, "Handler event refused (${header.refusalCode}): ${header.refusalReason}")
                    .to("jms:queue:" + EventQueueGuard.REFUSED_QUEUE)
                    .bean(EventQueueGuard.class, "progressed")
                .end()
                // Anything else is the gateway's own trouble: not handled, so the transaction rolls
                // back and the broker redelivers (then dead-letters after its maximum attempts).
                // Declared here so the REST error policy, which answers and swallows, does not apply.
                .onException(Exception.class).handled(false)
                    .bean(EventQueueGuard.class, "failed")
                    .log(LoggingLevel.WARN, "Handler event not applied, will be redelivered: ${exception.class}")
                .end()
                .process(exchange -> {
                    String raw = eventText(exchange);
                    exchange.setProperty(RAW_EVENT, raw);
                    Received received = parse(raw);
                    HandlerEvent event = received.event();
                    // The broker tells who sent it (populate-validated-user): a handler speaks for itself only.
                    String sender = validatedUser(exchange);
                    if (sender != null && event.handlerId() != null && !sender.equals(event.handlerId())) {
                        throw new ForbiddenException(new Text("handling.broker-not-as", sender, event.handlerId()));
                    }
                    // The person the township's system names, else the broker user that sent it.
                    String person = event.namedPerson() != null ? event.namedPerson() : sender;
                    exchange.getMessage().setBody(received.with(event.withPerson(person)));
                })
                .bean(HandlingService.class, "apply")
                .bean(EventQueueGuard.class, "progressed")
                .log(LoggingLevel.DEBUG, "Handler event applied: ${body}");
    }

    /**
     * The event as text, within the REST limit (gateway.sources.handler-events.max-body-size) counted
     * in bytes of UTF-8: a text message, or a bytes message of strict UTF-8. Anything else is unreadable.
     */
    private String eventText(Exchange exchange) throws jakarta.jms.JMSException {
        jakarta.jms.Message jms = exchange.getMessage(org.apache.camel.component.jms.JmsMessage.class).getJmsMessage();
        long max = guard.maxEventBytes();
        if (jms instanceof jakarta.jms.TextMessage text) {
            String body = text.getText();
            exchange.setProperty(RAW_EVENT, body); // refused, it goes to the DLQ as it came
            long bytes = body == null ? 0 : utf8Length(body);
            if (bytes > max) {
                throw tooLarge(bytes, max);
            }
            return body == null ? "" : body;
        }
        if (jms instanceof jakarta.jms.BytesMessage bytes) {
            if (bytes.getBodyLength() > max) {
                throw tooLarge(bytes.getBodyLength(), max);
            }
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return IntakeGate.strictUtf8(body);
        }
        String type = jms == null ? "no message" : jms instanceof jakarta.jms.ObjectMessage ? "an ObjectMessage"
                : jms instanceof jakarta.jms.MapMessage ? "a MapMessage"
                : jms instanceof jakarta.jms.StreamMessage ? "a StreamMessage" : "a message without a body";
        throw new UnreadableEventException(type + "; an event is a TextMessage or a BytesMessage of UTF-8 JSON");
    }

    private static PayloadTooLargeException tooLarge(long bytes, long max) {
        return new PayloadTooLargeException(new Text("handling.event-too-large", bytes, EventQueueGuard.EVENTS_QUEUE, max), max);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A message on the events queue that is not text: refused without reading it as anything else. */
    static class UnreadableEventException extends RuntimeException {
        UnreadableEventException(String message) {
            super(message);
        }
    }

    private static String validatedUser(Exchange exchange) throws jakarta.jms.JMSException {
        if (exchange.getMessage() instanceof org.apache.camel.component.jms.JmsMessage jms
                && jms.getJmsMessage() != null) {
            return jms.getJmsMessage().getStringProperty(VALIDATED_USER);
        }
        return exchange.getMessage().getHeader(VALIDATED_USER, String.class);
    }

    /** REST and queue alike: the sources' JSON rules (depth, duplicate keys, text screen), then types and lengths. */
    private Received parse(String body) {
        JsonNode tree = JsonPayloads.parseObject(body);
        List<FieldViolation> violations = eventSchema.validate(tree);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        // Jackson would refuse a name that is none of the enum's with a message of its own, and read a digit
        // in a string ("1") as the constant at that position. Such a field is left out of the event and
        // named instead: HandlingService answers it with the names allowed, beside the event's other faults
        // and only once the sender is known to speak for itself, as it answers a missing one.
        ObjectNode object = (ObjectNode) tree;
        Set<String> unknown = new TreeSet<>();
        NAMES_BY_ENUM_FIELD.forEach((field, names) -> {
            JsonNode value = object.get(field);
            if (value != null && value.isTextual() && !names.contains(value.textValue())) {
                object.remove(field);
                unknown.add(field);
            }
        });
        try {
            return new Received(json.treeToValue(object, HandlerEvent.class), unknown);
        } catch (JsonProcessingException e) {
            // Position only: the parser's message would quote the content.
            throw new InvalidRequestException("$", new Text("handling.malformed-event"));
        }
    }

    private static Map<String, Set<String>> namesByEnumField() {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        for (RecordComponent field : HandlerEvent.class.getRecordComponents()) {
            if (field.getType().isEnum()) {
                names.put(field.getName(), Arrays.stream(field.getType().getEnumConstants())
                        .map(constant -> ((Enum<?>) constant).name()).collect(Collectors.toUnmodifiableSet()));
            }
        }
        return Map.copyOf(names);
    }

    private void reply(Exchange exchange) throws Exception {
        HandlingService.Applied applied = exchange.getMessage().getBody(HandlingService.Applied.class);
        HttpReplies.reply(exchange, 200, "application/json",
                json.writeValueAsString(Map.of("disputeId", applied.disputeId(), "status", applied.status())));
    }

    private static Object rawBody(Exchange exchange) {
        jakarta.jms.Message jms = exchange.getMessage(org.apache.camel.component.jms.JmsMessage.class) == null ? null
                : exchange.getMessage(org.apache.camel.component.jms.JmsMessage.class).getJmsMessage();
        if (jms instanceof org.apache.activemq.artemis.jms.client.ActiveMQMessage artemis) {
            var body = artemis.getCoreMessage().getDataBuffer();
            byte[] bytes = new byte[body.readableBytes()];
            body.readBytes(bytes);
            return bytes;
        }
        return null;
    }

    /** The refused message keeps its body; properties say why, for the operator reading the DLQ. */
    private void describeRefusal(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String code = e instanceof ForbiddenException ? "FORBIDDEN"
                : e instanceof ConflictException ? "CONFLICT"
                : e instanceof NotFoundException ? "NOT_FOUND"
                : e instanceof PayloadTooLargeException ? EventQueueGuard.TOO_LARGE
                : e instanceof UnreadableEventException ? "UNREADABLE" : "INVALID_REQUEST";
        String reason = e instanceof InvalidRequestException invalid
                ? invalid.violations().stream().map(v -> v.field() + " " + v.message()).toList().toString()
                : e.getMessage();
        var message = exchange.getMessage();
        // The refused event goes to the DLQ as it came: as text once read, else its body's bytes as
        // they were sent (an object message's serialised form is never deserialised).
        String raw = exchange.getProperty(RAW_EVENT, String.class);
        message.setBody(raw != null ? raw : rawBody(exchange));
        message.setHeader("refusalCode", code);
        message.setHeader("refusalReason", reason);
        if (e instanceof ConflictException conflict) {
            message.setHeader("currentState", conflict.currentState());
        }
    }
}
