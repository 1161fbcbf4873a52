package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;

/**
 * A source's own cases, as the source may read them back: always within one source system, so a
 * question about another source's case finds nothing. The row holds only what is not personal
 * (ids, status, category, handler, times, outcome); the public history comes from
 * {@link DisputeLedger#find}.
 */
@ApplicationScoped
public class SourceCases {

    private static final String COLUMNS = "dispute_id, source_record_id, status, category_code, handler_id,"
            + " received_at, due_at, updated_at, outcome";

    @Inject
    LedgerDatabase database;

    /** One case of a source, by its record id or its dispute id; none when the source did not bring it. */
    public record CaseRow(String disputeId, String recordId, DisputeStatus status, String categoryCode,
            String handlerId, OffsetDateTime receivedAt, OffsetDateTime dueAt, OffsetDateTime updatedAt,
            String outcome) {
    }

    /** What a list of a source's cases is narrowed to; a null or empty criterion does not narrow. */
    public record Filter(String recordPrefix, Collection<String> disputeIds, String categoryCode,
            OffsetDateTime from, OffsetDateTime to, Collection<DisputeStatus> statuses, int limit) {
    }

    public Optional<CaseRow> byDisputeId(String system, String disputeId) throws SQLException {
        return one("select " + COLUMNS + " from dispute where source_system = ? and dispute_id = ?", system, disputeId);
    }

    public Optional<CaseRow> byRecordId(String system, String recordId) throws SQLException {
        return one("select " + COLUMNS + " from dispute where source_system = ? and source_record_id = ?", system,
                recordId);
    }

    /** Newest first. */
    public List<CaseRow> list(String system, Filter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from dispute where source_system = ?");
        List<Object> args = new ArrayList<>();
        args.add(system);
        if (filter.recordPrefix() != null) {
            // The prefix is the gateway's own (a client name), never the caller's text: no wildcard in it.
            sql.append(" and source_record_id like ?");
            args.add(filter.recordPrefix() + "%");
        }
        if (filter.disputeIds() != null && !filter.disputeIds().isEmpty()) {
            sql.append(" and dispute_id in (").append("?,".repeat(filter.disputeIds().size()), 0,
                    filter.disputeIds().size() * 2 - 1).append(')');
            args.addAll(filter.disputeIds());
        }
        if (filter.categoryCode() != null) {
            sql.append(" and category_code = ?");
            args.add(filter.categoryCode());
        }
        if (filter.from() != null) {
            sql.append(" and received_at >= ?");
            args.add(filter.from());
        }
        if (filter.to() != null) {
            sql.append(" and received_at <= ?");
            args.add(filter.to());
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            sql.append(" and status in (").append("?,".repeat(filter.statuses().size()), 0,
                    filter.statuses().size() * 2 - 1).append(')');
            filter.statuses().forEach(s -> args.add(s.name()));
        }
        sql.append(" order by received_at desc, dispute_id desc");
        List<CaseRow> rows = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setMaxRows(filter.limit());
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private Optional<CaseRow> one(String sql, String system, String key) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, system);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static CaseRow row(ResultSet rs) throws SQLException {
        return new CaseRow(rs.getString(1), rs.getString(2), DisputeStatus.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), time(rs.getObject(6, OffsetDateTime.class)), time(rs.getObject(7, OffsetDateTime.class)),
                time(rs.getObject(8, OffsetDateTime.class)), rs.getString(9));
    }

    private static OffsetDateTime time(OffsetDateTime at) {
        return at == null ? null : GatewayTime.inZone(at);
    }
}
