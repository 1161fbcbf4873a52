package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.DisputeStatus;

/**
 * Ledger side of supervision: which open disputes are due a reminder, a supervision notice or an
 * escalation, and the record of each step taken. A step is recorded once per dispute, step and
 * deadline (primary key), so two instances cannot take it twice.
 */
@ApplicationScoped
public class SupervisionLedger {

    private static final List<DisputeStatus> OPEN = List.of(DisputeStatus.DISPATCHED, DisputeStatus.SIGNED,
            DisputeStatus.IN_PROGRESS, DisputeStatus.REOPENED, DisputeStatus.ESCALATED);

    @Inject
    LedgerDatabase database;

    public enum Stage {
        REMINDER, SUPERVISION, ESCALATION
    }

    /** A dispute due a step, with the deadline it was due against. */
    public record Due(String disputeId, OffsetDateTime dueAt) {
    }

    /**
     * The open disputes due this step, earliest deadline first. Asked once per open status, each an
     * index range on (status, time): "status in (...)" with a time range reads every open dispute
     * on H2, which uses an index for the list and not for the range.
     */
    public List<Due> due(Stage stage, OffsetDateTime now, int limit) throws SQLException {
        String condition = switch (stage) {
            case REMINDER -> "d.remind_at <= ? and d.due_at > ?";
            case SUPERVISION -> "d.due_at <= ? and d.due_at <= ?";
            case ESCALATION -> "d.escalate_at <= ? and d.escalate_at <= ? and d.handler_id not like '%-TASKFORCE'";
        };
        List<Due> out = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select d.dispute_id, d.due_at from dispute d
                        where d.status = ? and %s
                          and not exists (select 1 from dispute_supervision v where v.dispute_id = d.dispute_id
                                          and v.stage = ? and v.due_at = d.due_at)
                        order by d.due_at fetch first %d rows only""".formatted(condition, limit))) {
            for (DisputeStatus status : OPEN) {
                if (stage == Stage.ESCALATION && status == DisputeStatus.ESCALATED) {
                    continue; // escalated once is enough
                }
                s.setString(1, status.name());
                s.setObject(2, now);
                s.setObject(3, now);
                s.setString(4, stage.name());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Due(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Due::dueAt));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** @return false when this step was already taken for this deadline (by this or another instance) */
    public boolean take(UnitOfWork work, String disputeId, Stage stage, OffsetDateTime dueAt, String handlerId,
            OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = work.prepare("""
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
            if (UniqueViolation.is(e)) {
                return false;
            }
            throw e;
        }
    }
}
