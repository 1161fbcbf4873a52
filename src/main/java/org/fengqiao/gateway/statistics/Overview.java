package org.fengqiao.gateway.statistics;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The figures of a query as of the ledger event the statistics have caught up with
 * ({@code asOf}); "overdue now" is read live at the time of the query.
 */
public record Overview(StatisticsQuery query, OffsetDateTime asOf, Figures total, List<Row> rows) {
}
