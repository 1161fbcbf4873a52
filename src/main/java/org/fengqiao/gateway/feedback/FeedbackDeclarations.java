package org.fengqiao.gateway.feedback;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.EventType;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.HandlerEvent;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.config.BodyFields;

/**
 * The feedback calls the sources declare in their route files ({@code templatedRoute} of the
 * {@code source-feedback} template, see {@link FeedbackRoutes}): which handler events cause which
 * call, to which path, with which body. The handling stage asks here what an event owes the source,
 * so a source defined by files alone gets its feedback with no Java.
 *
 * <p>A call's path and body are built when the event is recorded and kept in the outbox as built:
 * every retry sends the same bytes, and calls queued by an older version are sent as they were.
 */
@ApplicationScoped
public class FeedbackDeclarations {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final XmlMapper XML = new XmlMapper();

    @Inject
    CamelContext camel;
    @Inject
    ObjectMapper json;
    @Inject
    FeedbackGuards guards;

    /**
     * One declared call.
     *
     * @param events the handler event types that cause it
     * @param path Camel simple template of the path, relative to the source's base URL
     * @param fields body fields in order: name to simple template (a name ending in ? is left out when empty)
     * @param format json or xml
     * @param awaitsEvaluation a final result after which the source evaluates (the loop closes on that)
     */
    public record Declaration(String source, String kind, Set<EventType> events, String method, String path,
            Map<String, String> fields, String format, String xmlRoot, boolean finalResult,
            boolean awaitsEvaluation) {
    }

    private final List<Declaration> declarations = new CopyOnWriteArrayList<>();
    private final List<Runnable> onNewSource = new CopyOnWriteArrayList<>();

    /** Reads one templatedRoute's parameters; a broken declaration stops the start naming it. */
    void declare(Map<String, Object> parameters) {
        String source = text(parameters, "source");
        String kind = text(parameters, "kind");
        String where = "feedback declaration " + source + "-" + kind + ": ";
        Set<EventType> events = events(where, text(parameters, "events"));
        String format = text(parameters, "format").toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("xml")) {
            throw new IllegalArgumentException(where + "format must be json or xml, not " + format);
        }
        String root = parameters.getOrDefault("xmlRoot", "").toString();
        if (format.equals("xml") && root.isBlank()) {
            throw new IllegalArgumentException(where + "an xml body needs xmlRoot");
        }
        Map<String, String> fields = BodyFields.parse(text(parameters, "body"), where);
        if (declaration(source, kind).isPresent()) {
            throw new IllegalArgumentException(where + "declared twice");
        }
        Declaration declaration = new Declaration(source, kind, events,
                text(parameters, "method").toUpperCase(Locale.ROOT), text(parameters, "path"), fields, format, root,
                Boolean.parseBoolean(text(parameters, "finalResult")),
                Boolean.parseBoolean(text(parameters, "awaitsEvaluation")));
        boolean known = sources().contains(source);
        guards.register(source, guards.guarding(where, parameters), where);
        declarations.add(declaration);
        if (!known) {
            onNewSource.forEach(Runnable::run);
        }
    }

    /** The events a declaration names, comma separated; a name that is no event stops the start naming it. */
    private static Set<EventType> events(String where, String names) {
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (String name : names.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                events.add(EventType.valueOf(name.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "events: '" + name.trim() + "' is not allowed; allowed: "
                        + Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return Collections.unmodifiableSet(events);
    }

    private static String text(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("feedback declaration " + parameters.get("source") + "-"
                    + parameters.get("kind") + ": parameter " + name + " is required");
        }
        return value.toString();
    }

    /** Every source that takes feedback. */
    public Set<String> sources() {
        return declarations.stream().map(Declaration::source).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Runs when the first call of a source is declared (the relay's gauges follow the sources). */
    void whenSourceDeclared(Runnable listener) {
        onNewSource.add(listener);
    }

    public Optional<Declaration> declaration(String source, String kind) {
        return declarations.stream().filter(d -> d.source().equals(source) && d.kind().equals(kind)).findFirst();
    }

    /** The route that sends a call of this kind to this source. */
    public static String endpoint(String source, String kind) {
        return "direct:feedback-" + source + "-" + kind;
    }

    /**
     * The calls a handler event causes (often none), built from the source's declarations.
     *
     * @param dispute the dispute as last delivered
     * @param handlerName display name of the handler that sent the event
     */
    public List<FeedbackCall> onEvent(String source, CanonicalDispute dispute, HandlerEvent event,
            String handlerName, OffsetDateTime at) {
        List<FeedbackCall> calls = new ArrayList<>();
        for (Declaration d : declarations) {
            if (d.source().equals(source) && d.events().contains(event.type())) {
                calls.add(build(d, dispute, event, handlerName, at));
            }
        }
        return calls;
    }

    private FeedbackCall build(Declaration d, CanonicalDispute dispute, HandlerEvent event, String handlerName,
            OffsetDateTime at) {
        Exchange exchange = new DefaultExchange(camel);
        values(dispute, event, handlerName, at).forEach(exchange::setVariable);
        String path = evaluate(d.path(), exchange);
        Map<String, Object> body = BodyFields.evaluate(d.fields(), camel, exchange);
        try {
            String text = d.format().equals("xml") ? XML.writer().withRootName(d.xmlRoot()).writeValueAsString(body)
                    : json.writeValueAsString(body);
            String contentType = "application/" + d.format() + ";charset=UTF-8";
            return new FeedbackCall(d.kind(), d.method(), path, contentType, text,
                    Outcomes.key(dispute.disputeId(), d.kind().toLowerCase(Locale.ROOT), at), d.finalResult());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String evaluate(String template, Exchange exchange) {
        Expression expression = camel.resolveLanguage("simple").createExpression(template);
        return expression.evaluate(exchange, String.class);
    }

    /**
     * What a declaration's templates can use, as ${variable.name}: the dispute's ids, the handler, the
     * moment of the event (ISO with offset, or local yyyy-MM-dd HH:mm:ss) and what the event says.
     */
    static Map<String, Object> values(CanonicalDispute dispute, HandlerEvent event, String handlerName,
            OffsetDateTime at) {
        Map<String, Object> values = new LinkedHashMap<>();
        String recordId = dispute.source().recordId();
        values.put("disputeId", dispute.disputeId());
        values.put("recordId", recordId);
        values.put("recordIdUrl", URLEncoder.encode(recordId, StandardCharsets.UTF_8));
        values.put("handlerId", event.handlerId());
        values.put("handlerName", handlerName);
        values.put("event", nameOf(event.type()));
        values.put("at", GatewayTime.inZone(at).toString());
        values.put("atLocal", GatewayTime.inZone(at).format(LOCAL));
        // The dispute's deadline as it stands after the event (an approved extension moves it).
        OffsetDateTime dueAt = dispute.assignment() == null ? null : dispute.assignment().dueAt();
        values.put("dueAt", dueAt == null ? null : GatewayTime.inZone(dueAt).toString());
        values.put("dueAtLocal", dueAt == null ? null : GatewayTime.inZone(dueAt).format(LOCAL));
        values.put("note", event.note());
        values.put("reason", event.reason());
        values.put("outcome", nameOf(event.outcome()));
        boolean resolved = event.type() == EventType.RESOLVED && event.outcome() != null;
        values.put("outcomeText", resolved ? Outcomes.describe(event) : null);
        // The agreement of a mediation; the handler's note stands in for it, the outcome in words when
        // a successful mediation has neither.
        String agreement = event.agreement() != null ? event.agreement() : event.note();
        if (agreement == null && resolved && event.outcome() == ResolutionOutcome.MEDIATED) {
            agreement = Outcomes.describe(event);
        }
        values.put("agreement", agreement);
        return values;
    }

    /** Templates read names: a call's bytes do not depend on how a constant would print. */
    private static String nameOf(Enum<?> constant) {
        return constant == null ? null : constant.name();
    }
}
