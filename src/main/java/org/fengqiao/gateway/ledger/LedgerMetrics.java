package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.jboss.logging.Logger;

/**
 * Gauges read from the ledger, so every instance reports the same figures: open and overdue
 * disputes per handler, and the mediation success rate per source (MEDIATED among its closed
 * disputes, for each source that has closed ones). Refreshed on a schedule, not per scrape, to keep
 * the database out of the scrape path.
 *
 * <p>Counting the open disputes reads an index entry for each of them, so it costs as much as there
 * are open disputes; the mediation rates, as many as closed disputes. Both change only when the
 * ledger does, and every status change writes a timeline entry (dispute_history): they are counted
 * again only when the timeline has grown since the last count, and once more after it stopped growing
 * (an entry numbered before the last one may have been committed after the count). A ledger at rest
 * costs one index lookup per refresh. Overdue counts change with the clock alone: read every time, as
 * one range of the deadline index per open status, which costs as many entries as there are overdue
 * disputes.
 */
@ApplicationScoped
public class LedgerMetrics {

    private static final Logger LOG = Logger.getLogger(LedgerMetrics.class);
    /** Open as the gauges see it: on a handler's desk, or returned and waiting for another one. */
    private static final List<DisputeStatus> OPEN = List.of(DisputeStatus.DISPATCHED, DisputeStatus.SIGNED,
            DisputeStatus.IN_PROGRESS, DisputeStatus.REOPENED, DisputeStatus.ESCALATED, DisputeStatus.RETURNED);
    private static final String COUNT_OPEN = "select handler_id, count(*) from dispute where status in ("
            + String.join(", ", OPEN.stream().map(status -> "'" + status.name() + "'").toList())
            + ") group by handler_id";

    @Inject
    LedgerDatabase database;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    private MultiGauge open;
    private MultiGauge overdue;
    private MultiGauge mediationSuccess;

    /** The last timeline entry when the open disputes were last counted; -1 before the first count. */
    private long countedAtEntry = -1;
    /** Whether that count was made with the timeline unchanged since the count before it. */
    private boolean countSettled;
    private Map<String, Long> openPerHandler = Map.of();
    private Map<String, Double> successPerSource = Map.of();

    @PostConstruct
    void register() {
        open = MultiGauge.builder("gateway.disputes.open").description("Open disputes per handler").register(metrics);
        overdue = MultiGauge.builder("gateway.disputes.overdue").description("Open disputes past their deadline")
                .register(metrics);
        mediationSuccess = MultiGauge.builder("gateway.mediation.success.ratio")
                .description("MEDIATED among a source's closed disputes").register(metrics);
    }

    @Scheduled(every = "${gateway.metrics.refresh-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (Exception e) {
            LOG.debugf("Ledger metrics not refreshed: %s", e.getClass().getSimpleName());
        }
    }

    public synchronized void refresh() throws SQLException {
        Map<String, Long> overduePerHandler;
        try (Connection c = database.connection()) {
            long lastEntry = lastTimelineEntry(c);
            if (lastEntry != countedAtEntry || !countSettled) {
                openPerHandler = countOpen(c);
                successPerSource = mediationSuccessRates(c);
                countSettled = lastEntry == countedAtEntry;
                countedAtEntry = lastEntry;
            }
            overduePerHandler = countOverdue(c, GatewayTime.now(clock));
        }
        List<MultiGauge.Row<?>> openRows = new ArrayList<>();
        List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
        openPerHandler.forEach((handler, count) -> {
            Tags tags = Tags.of("handler", handler);
            openRows.add(MultiGauge.Row.of(tags, count));
            overdueRows.add(MultiGauge.Row.of(tags, overduePerHandler.getOrDefault(handler, 0L)));
        });
        open.register(openRows, true);
        overdue.register(overdueRows, true);
        mediationSuccess.register(successPerSource.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("source", e.getKey()), e.getValue())).toList(), true);
    }

    private static long lastTimelineEntry(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select max(id) from dispute_history");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1); // 0 when empty
        }
    }

    private static Map<String, Long> countOpen(Connection c) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(COUNT_OPEN); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** One range per status: with "status in (...)" the index would be read for every open dispute. */
    private static Map<String, Long> countOverdue(Connection c, OffsetDateTime now) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select handler_id, count(*) from dispute where status = ? and due_at < ? group by handler_id")) {
            for (DisputeStatus status : OPEN) {
                s.setString(1, status.name());
                s.setObject(2, now);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** Per source with closed disputes; one range of the closed entries of ix_dispute_closed_outcome. */
    private static Map<String, Double> mediationSuccessRates(Connection c) throws SQLException {
        Map<String, Double> rates = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                select source_system, count(*), sum(case when outcome = 'MEDIATED' then 1 else 0 end)
                from dispute where status = 'CLOSED' group by source_system""");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rates.put(rs.getString(1), rs.getLong(3) / (double) rs.getLong(2));
            }
        }
        return rates;
    }
}
