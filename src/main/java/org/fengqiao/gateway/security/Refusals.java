package org.fengqiao.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import org.apache.camel.Exchange;
import org.fengqiao.gateway.problem.RefusalReason;
import org.fengqiao.gateway.problem.RefusalRecorder;
import org.jboss.logging.Logger;

/**
 * The one place refused calls (401, 403) are recorded. Every refusal is counted in the metric
 * {@code gateway_auth_refusals_total} by source and reason; the log gets the first refusal of each
 * source and reason at once, and then at most one summary line per
 * {@code gateway.security.refusal-log-interval} with how many more there were. A flood of bad requests
 * (hundreds a second) thus costs a few log lines an interval instead of one, or a stack trace, each.
 *
 * <p>The source is the configured owner of the endpoint called ({@code HOTLINE_12345}, ...),
 * {@value #STAFF} on the staff API, {@value #UNKNOWN} elsewhere, and the reason one of a fixed set:
 * never a value the caller sent, so a caller can neither grow the metric's series nor write into the log.
 *
 * <p>Hand-written: neither JBoss Logging nor Quarkus's log handlers can rate-limit a message.
 */
@ApplicationScoped
public class Refusals implements RefusalRecorder {

    /** Exchange property: the source tag of the endpoint called, set before the caller is checked. */
    public static final String SOURCE_PROPERTY = "gatewayRefusalSource";
    public static final String STAFF = "staff";
    public static final String UNKNOWN = "unknown";
    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private record Kind(String source, RefusalReason reason) {
    }

    @Inject
    MeterRegistry metrics;
    @Inject
    SourceSecurityConfig config;

    /** Per source and reason: refusals since the last summary (the first of them logged at once). */
    private final Map<Kind, AtomicLong> sinceSummary = new ConcurrentHashMap<>();
    private final Map<Kind, Counter> counters = new ConcurrentHashMap<>();

    /** Records a refused call on {@code exchange}; {@code detail} is the problem's, never a request value. */
    @Override
    public void record(Exchange exchange, RefusalReason reason, String detail) {
        record(exchange.getProperty(SOURCE_PROPERTY, UNKNOWN, String.class), reason, detail);
    }

    /** Records a refused call of {@code source} (one of the fixed tags: a source id, {@value #STAFF}). */
    public void record(String source, RefusalReason reason, String detail) {
        Kind kind = new Kind(source, reason);
        counters.computeIfAbsent(kind, k -> Counter.builder("gateway.auth.refusals")
                .description("Calls refused for their credentials (401) or for what they asked (403)")
                .tag("source", k.source()).tag("reason", k.reason().tag()).register(metrics)).increment();
        if (sinceSummary.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet() == 1) {
            LOG.warnf("Refused a call: source=%s reason=%s: %s (more of these are summarised every %s)", source,
                    reason.tag(), detail, config.refusalLogInterval());
        }
    }

    @Scheduled(every = "${gateway.security.refusal-log-interval}", delayed = "${gateway.security.refusal-log-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void summarise() {
        for (var entry : sinceSummary.entrySet()) {
            long count = entry.getValue().getAndSet(0);
            // The first was logged when it came.
            if (count > 1) {
                LOG.warnf("Refused %d more call(s): source=%s reason=%s in the last %s", count - 1,
                        entry.getKey().source(), entry.getKey().reason().tag(), config.refusalLogInterval());
            }
        }
    }
}
