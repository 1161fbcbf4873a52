package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.jboss.logging.Logger;

/**
 * Gauges read from the ledger, so every instance reports the same figures: open and overdue
 * disputes per handler, and the pre-litigation mediation success rate (MEDIATED among closed court
 * cases). Refreshed on a schedule, not per scrape, to keep the database out of the scrape path.
 */
@ApplicationScoped
public class LedgerMetrics {

    private static final Logger LOG = Logger.getLogger(LedgerMetrics.class);
    private static final String OPEN = "('DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'REOPENED', 'ESCALATED', 'RETURNED')";

    @Inject
    LedgerDatabase database;
    @Inject
    MeterRegistry metrics;
    @Inject
    Clock clock;

    private MultiGauge open;
    private MultiGauge overdue;
    private final AtomicReference<Double> mediationSuccess = new AtomicReference<>(Double.NaN);

    @PostConstruct
    void register() {
        open = MultiGauge.builder("gateway.disputes.open").description("Open disputes per handler").register(metrics);
        overdue = MultiGauge.builder("gateway.disputes.overdue").description("Open disputes past their deadline")
                .register(metrics);
        metrics.gauge("gateway.court.mediation.success.ratio", mediationSuccess, AtomicReference::get);
    }

    @Scheduled(every = "${gateway.metrics.refresh-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (Exception e) {
            LOG.debugf("Ledger metrics not refreshed: %s", e.getClass().getSimpleName());
        }
    }

    public void refresh() throws Exception {
        List<MultiGauge.Row<?>> openRows = new ArrayList<>();
        List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
        try (Connection c = database.connection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    select handler_id, count(*), sum(case when due_at < ? then 1 else 0 end)
                    from dispute where status in %s group by handler_id""".formatted(OPEN))) {
                s.setObject(1, GatewayTime.now(clock));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Tags tags = Tags.of("handler", rs.getString(1));
                        openRows.add(MultiGauge.Row.of(tags, rs.getLong(2)));
                        overdueRows.add(MultiGauge.Row.of(tags, rs.getLong(3)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    select count(*), sum(case when outcome = 'MEDIATED' then 1 else 0 end)
                    from dispute where source_system = 'COURT_MEDIATION' and status = 'CLOSED'""");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                long closed = rs.getLong(1);
                mediationSuccess.set(closed == 0 ? Double.NaN : rs.getLong(2) / (double) closed);
            }
        }
        open.register(openRows, true);
        overdue.register(overdueRows, true);
    }
}
