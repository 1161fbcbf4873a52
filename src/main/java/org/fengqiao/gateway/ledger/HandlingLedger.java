package org.fengqiao.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.ResolutionOutcome;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.privacy.PartyFieldCipher;

/**
 * The ledger writes of handling: status changes, returns, re-assignments and their deliveries,
 * done in one transaction with a lock on the dispute's row, so two events on one dispute are
 * applied one after the other and a refused event leaves nothing behind. Documents are read
 * decrypted and written encrypted ({@link PartyFieldCipher}), like everywhere in the ledger.
 */
@ApplicationScoped
public class HandlingLedger {

    @Inject
    LedgerDatabase database;
    @Inject
    PartyFieldCipher documents;

    /** Runs {@code work} in one durable ledger transaction: a handler's event, a supervision step. */
    public <T, E extends Exception> T inTransaction(UnitOfWork.Work<T, E> work) throws E, SQLException {
        return database.transaction(UnitOfWork.Commit.DURABLE, work);
    }

    public Optional<HeldDispute> lock(UnitOfWork work, String disputeId) throws SQLException {
        try (PreparedStatement s = work.prepare("""
                select dispute_id, status, handler_id, co_handler_ids, source_system, source_record_id,
                       county_code, township_code, due_at, document
                from dispute where dispute_id = ? for update""")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String co = rs.getString(4);
                return Optional.of(new HeldDispute(rs.getString(1), DisputeStatus.valueOf(rs.getString(2)), rs.getString(3),
                        co == null || co.isBlank() ? List.of() : Arrays.asList(co.split(",")), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8),
                        GatewayTime.inZone(rs.getObject(9, OffsetDateTime.class)), documents.open(rs.getString(10))));
            }
        }
    }

    public void setStatus(UnitOfWork work, String disputeId, DisputeStatus status, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "update dispute set status = ?, updated_at = ? where dispute_id = ?")) {
            s.setString(1, status.name());
            s.setObject(2, at);
            s.setString(3, disputeId);
            s.executeUpdate();
        }
    }

    public void setOutcome(UnitOfWork work, String disputeId, ResolutionOutcome outcome) throws SQLException {
        try (PreparedStatement s = work.prepare("update dispute set outcome = ? where dispute_id = ?")) {
            s.setString(1, outcome.name());
            s.setString(2, disputeId);
            s.executeUpdate();
        }
    }

    /** An act of the gateway itself, or of a system (a source): nobody in person. */
    public void history(UnitOfWork work, String disputeId, HistoryKind event, DisputeStatus status,
            OffsetDateTime at, String actor, String handlerId, String reason, String detail) throws SQLException {
        DisputeLedger.insertHistory(work.connection(), disputeId, event, status, at, actor, null, handlerId, reason, detail);
    }

    /** An act of {@code person} for the handler (or operator) {@code actor}. */
    public void history(UnitOfWork work, String disputeId, HistoryKind event, DisputeStatus status,
            OffsetDateTime at, String actor, String person, String handlerId, String reason, String detail) throws SQLException {
        DisputeLedger.insertHistory(work.connection(), disputeId, event, status, at, actor, person, handlerId, reason, detail);
    }

    public List<String> returnedBy(UnitOfWork work, String disputeId) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "select handler_id from dispute_return where dispute_id = ? order by id")) {
            s.setString(1, disputeId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** Whether the triage desk has reassigned this dispute before. */
    public boolean wasReassigned(UnitOfWork work, String disputeId) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "select count(*) from dispute_history where dispute_id = ? and event = 'REASSIGNED'")) {
            s.setString(1, disputeId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    public void recordReturn(UnitOfWork work, String disputeId, String handlerId, String reason, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement s = work.prepare(
                "insert into dispute_return (dispute_id, handler_id, reason, returned_at) values (?, ?, ?, ?)")) {
            s.setString(1, disputeId);
            s.setString(2, handlerId);
            s.setString(3, Masking.text(reason)); // free text from the handler, like the history's
            s.setObject(4, at);
            s.executeUpdate();
        }
    }

    /** A dispute's extension requests so far: how many, and the one that waits for a decision, if any. */
    public record Extensions(int count, Optional<WaitingExtension> waiting) {
    }

    /** An extension request the county centre has not decided yet. */
    public record WaitingExtension(long id, String handlerId, int days) {
    }

    public Extensions extensions(UnitOfWork work, String disputeId) throws SQLException {
        try (PreparedStatement s = work.prepare("select id, handler_id, days, decision from extension_request "
                + "where dispute_id = ? order by id")) {
            s.setString(1, disputeId);
            int count = 0;
            WaitingExtension waiting = null;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    count++;
                    if (rs.getString(4) == null) {
                        waiting = new WaitingExtension(rs.getLong(1), rs.getString(2), rs.getInt(3));
                    }
                }
            }
            return new Extensions(count, Optional.ofNullable(waiting));
        }
    }

    public void requestExtension(UnitOfWork work, String disputeId, String handlerId, int days, String reason,
            OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = work.prepare("insert into extension_request (dispute_id, handler_id, days, reason, "
                + "requested_at) values (?, ?, ?, ?, ?)")) {
            s.setString(1, disputeId);
            s.setString(2, handlerId);
            s.setInt(3, days);
            s.setString(4, Masking.text(reason)); // free text from the handler, like the history's
            s.setObject(5, at);
            s.executeUpdate();
        }
    }

    /** Approved with {@code grantedDays}, or refused (null). */
    public void decideExtension(UnitOfWork work, long id, Integer grantedDays, String decidedBy, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement s = work.prepare("update extension_request set decision = ?, granted_days = ?, "
                + "decided_by = ?, decided_at = ? where id = ? and decision is null")) {
            s.setString(1, grantedDays == null ? "REFUSED" : "APPROVED");
            s.setObject(2, grantedDays);
            s.setString(3, decidedBy);
            s.setObject(4, at);
            s.setLong(5, id);
            if (s.executeUpdate() != 1) {
                throw new SQLException("extension request " + id + " was decided already");
            }
        }
    }

    /** New holder and new document; the new delivery goes to the outbox in the same transaction. */
    public PendingDelivery reassign(UnitOfWork work, HeldDispute held, String handlerId, List<String> coHandlerIds,
            OffsetDateTime dueAt, SupervisionTimes supervision, String document, String categoryCode, String urgency,
            String reason, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = work.prepare("""
                update dispute set handler_id = ?, co_handler_ids = ?, due_at = ?, remind_at = ?, escalate_at = ?,
                    document = ?, updated_at = ?
                where dispute_id = ?""")) {
            s.setString(1, handlerId);
            s.setString(2, String.join(",", coHandlerIds));
            s.setObject(3, dueAt);
            s.setObject(4, supervision.remindAt());
            s.setObject(5, supervision.escalateAt());
            s.setString(6, documents.seal(document));
            s.setObject(7, at);
            s.setString(8, held.disputeId());
            s.executeUpdate();
        }
        setCoHandlers(work, held.disputeId(), coHandlerIds);
        int previous;
        try (PreparedStatement s = work.prepare("select count(*) from delivery_outbox where dispute_id = ?")) {
            s.setString(1, held.disputeId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                previous = rs.getInt(1);
            }
        }
        var delivery = new PendingDelivery(held.disputeId() + "-" + (previous + 1), held.disputeId(), handlerId,
                document, held.sourceSystem(), categoryCode, urgency, reason);
        try (PreparedStatement s = work.prepare("""
                insert into delivery_outbox (delivery_id, dispute_id, handler_id, reason, created_at)
                values (?, ?, ?, ?, ?)""")) {
            s.setString(1, delivery.deliveryId());
            s.setString(2, delivery.disputeId());
            s.setString(3, handlerId);
            s.setString(4, Masking.text(reason)); // may quote the handler, like the history's reason
            s.setObject(5, at);
            s.executeUpdate();
        }
        return delivery;
    }

    /** The co-handlers' rows, which the inbox lists co-held disputes by, as {@code co_handler_ids} says. */
    private static void setCoHandlers(UnitOfWork work, String disputeId, List<String> coHandlerIds) throws SQLException {
        try (PreparedStatement s = work.prepare("delete from dispute_co_handler where dispute_id = ?")) {
            s.setString(1, disputeId);
            s.executeUpdate();
        }
        if (coHandlerIds.isEmpty()) {
            return;
        }
        try (PreparedStatement s = work.prepare(
                "insert into dispute_co_handler (handler_id, dispute_id) values (?, ?)")) {
            for (String handler : new java.util.LinkedHashSet<>(coHandlerIds)) {
                s.setString(1, handler);
                s.setString(2, disputeId);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void updateDocument(UnitOfWork work, String disputeId, String document, OffsetDateTime dueAt,
            SupervisionTimes supervision, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = work.prepare("""
                update dispute set document = ?, due_at = ?, remind_at = ?, escalate_at = ?, updated_at = ?
                where dispute_id = ?""")) {
            s.setString(1, documents.seal(document));
            s.setObject(2, dueAt);
            s.setObject(3, supervision.remindAt());
            s.setObject(4, supervision.escalateAt());
            s.setObject(5, at);
            s.setString(6, disputeId);
            s.executeUpdate();
        }
    }

    /** The dispute's document changed where nothing else of its row does (an attachment added). */
    public void replaceDocument(UnitOfWork work, String disputeId, String document, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement s = work.prepare(
                "update dispute set document = ?, updated_at = ? where dispute_id = ?")) {
            s.setString(1, documents.seal(document));
            s.setObject(2, at);
            s.setString(3, disputeId);
            s.executeUpdate();
        }
    }
}
