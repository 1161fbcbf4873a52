package org.fengqiao.gateway.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The hops of a case that no instrumentation sees: the group commit (many requests, one ledger
 * transaction and one broker session on a writer thread), the JMS sends of that session, and the
 * feedback call the relay makes later from its own thread. HTTP (Quarkus), Camel routes and Camel JMS
 * (Camel's OpenTelemetry) are traced by the framework; this carries their context across the hand-
 * written hops: the request's context is kept by dispute id while the case is in this process, the
 * W3C {@code traceparent} goes in the JMS properties of the delivered dispute, and handling an event
 * keeps its context for the feedback call it causes.
 *
 * <p>Tracing off ({@code quarkus.otel.sdk.disabled=true}, the default): every method returns at once,
 * nothing is kept.
 */
@ApplicationScoped
public class CaseTracing {

    /** Cases whose context is kept at most (the oldest go first): a bounded cost when tracing is on. */
    static final int KEPT = 10_000;

    @Inject
    OpenTelemetry openTelemetry;
    @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true")
    boolean disabled;

    private Tracer tracer;
    private final Map<String, Context> contexts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
            return size() > KEPT;
        }
    };

    public boolean on() {
        return !disabled;
    }

    /** Keeps the calling thread's context (the request's, the event's) for the case's later hops. */
    public void remember(String disputeId) {
        if (disabled || disputeId == null) {
            return;
        }
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return;
        }
        synchronized (contexts) {
            contexts.put(disputeId, current);
        }
    }

    /** A span of the case's trace, or an invalid span when tracing is off or the case is unknown. */
    public Span start(String disputeId, String name, SpanKind kind) {
        if (disabled || disputeId == null) {
            return Span.getInvalid();
        }
        Context parent;
        synchronized (contexts) {
            parent = contexts.get(disputeId);
        }
        if (parent == null) {
            return Span.getInvalid();
        }
        return tracer().spanBuilder(name).setParent(parent).setSpanKind(kind)
                .setAttribute("fengqiao.dispute_id", disputeId).startSpan();
    }

    /** Writes the span's context as W3C trace headers ({@code traceparent}) through the setter. */
    public void inject(Span span, BiConsumer<String, String> setter) {
        if (disabled || !span.getSpanContext().isValid()) {
            return;
        }
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current().with(span), setter,
                (carrier, key, value) -> carrier.accept(key, value));
    }

    private Tracer tracer() {
        if (tracer == null) {
            tracer = openTelemetry.getTracer("org.fengqiao.gateway");
        }
        return tracer;
    }
}
