package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * A dispute's rows in {@code dispute_search_key} and {@code dispute_risk_mark}: written with a new
 * dispute, and again by {@link SearchKeyBackfill} for a dispute keyed by an older rule or none.
 */
record SearchRows(String disputeId, SearchKeys.DisputeKeys keys, Set<RiskMark> marks) {

    /** Each table in one JDBC batch for all of them (a group commit's disputes). */
    static void insert(Connection c, List<SearchRows> disputes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into dispute_search_key (dispute_id, kind, key_hash) values (?, ?, ?)")) {
            for (SearchRows rows : disputes) {
                for (SearchKeys.Key key : rows.keys().parties()) {
                    s.setString(1, rows.disputeId());
                    s.setString(2, key.kind().name());
                    s.setString(3, key.hash());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement("insert into dispute_risk_mark (dispute_id, mark) values (?, ?)")) {
            for (SearchRows rows : disputes) {
                for (RiskMark mark : rows.marks()) {
                    s.setString(1, rows.disputeId());
                    s.setString(2, mark.name());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    static void delete(Connection c, String disputeId) throws SQLException {
        for (String table : List.of("dispute_search_key", "dispute_risk_mark")) {
            try (PreparedStatement s = c.prepareStatement("delete from " + table + " where dispute_id = ?")) {
                s.setString(1, disputeId);
                s.executeUpdate();
            }
        }
    }

    /** Marks earlier disputes as reported again by another source; nothing for one that already is. */
    static void markRepeat(Connection c, java.util.Collection<String> disputeIds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "insert into dispute_risk_mark (dispute_id, mark) values (?, ?) on conflict do nothing")) {
            for (String disputeId : disputeIds) {
                s.setString(1, disputeId);
                s.setString(2, RiskMark.REPEAT.name());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
