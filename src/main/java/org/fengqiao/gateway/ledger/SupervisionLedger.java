package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ledger side of supervision: which open disputes are due a reminder, a supervision notice or an
 * escalation, and the record of each step taken. A step is recorded once per dispute, step and
 * deadline (primary key), so two instances cannot take it twice.
 */
@ApplicationScoped
public class SupervisionLedger {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String OPEN = "('DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'REOPENED', 'ESCALATED')";

    @Inject
    LedgerDatabase database;

    public enum Stage {
        REMINDER, SUPERVISION, ESCALATION
    }

    /** A dispute due a step, with the deadline it was due against. */
    public record Due(String disputeId, OffsetDateTime dueAt) {
    }

    public List<Due> due(Stage stage, OffsetDateTime now, int limit) throws SQLException {
        String condition = switch (stage) {
            case REMINDER -> "d.remind_at <= ? and d.due_at > ?";
            case SUPERVISION -> "d.due_at <= ? and d.due_at <= ?";
            case ESCALATION -> "d.escalate_at <= ? and d.escalate_at <= ? and d.status <> 'ESCALATED'"
                    + " and d.handler_id not like '%-TASKFORCE'";
        };
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select d.dispute_id, d.due_at from dispute d
                        where d.status in %s and %s
                          and not exists (select 1 from dispute_supervision v where v.dispute_id = d.dispute_id
                                          and v.stage = ? and v.due_at = d.due_at)
                        order by d.due_at fetch first %d rows only""".formatted(OPEN, condition, limit))) {
            s.setObject(1, now);
            s.setObject(2, now);
            s.setString(3, stage.name());
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    /** @return false when this step was already taken for this deadline (by this or another instance) */
    public boolean take(Connection c, String disputeId, Stage stage, OffsetDateTime dueAt, String handlerId,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into dispute_supervision (dispute_id, stage, due_at, handler_id, taken_at)
                values (?, ?, ?, ?, ?)""")) {
            s.setString(1, disputeId);
            s.setString(2, stage.name());
            s.setObject(3, dueAt);
            s.setString(4, handlerId);
            s.setObject(5, now);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }
}
