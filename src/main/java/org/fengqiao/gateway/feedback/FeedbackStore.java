package org.fengqiao.gateway.feedback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.fengqiao.gateway.ledger.UnitOfWork;
import org.fengqiao.gateway.privacy.PiiCipher;

/**
 * The feedback outbox in the ledger: calls owed to the sources, written with the event that causes
 * them, taken in order per dispute, retried on a durable schedule, dead-lettered past the budget.
 * Bodies are stored encrypted as a whole: they carry no party fields, but a handler's note or a
 * mediation agreement may quote a party's ID or phone number, and the source must get them as written.
 */
@ApplicationScoped
public class FeedbackStore {

    @Inject
    LedgerDatabase database;
    @Inject
    PiiCipher cipher;

    /** A queued call, as the relay sends it. */
    public record Pending(long id, String disputeId, String sourceSystem, String kind, String idempotencyKey,
            String method, String path, String contentType, String body, int attempts, boolean finalResult) {
    }

    /** A dead letter as operators see it: no body (it may quote what citizens said). */
    public record DeadLetter(long id, String disputeId, String sourceSystem, String kind, int attempts,
            String lastError, OffsetDateTime createdAt, OffsetDateTime deadAt) {
    }

    /** A call owed or made for one dispute, as the dispute's page lists it: no body. */
    public record Call(String kind, OffsetDateTime createdAt, OffsetDateTime deliveredAt, OffsetDateTime deadAt,
            int attempts) {
    }

    /** Every call queued for a dispute, in the order they are made. */
    public List<Call> callsFor(String disputeId) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select kind, created_at, delivered_at, dead_at, attempts from feedback_outbox
                        where dispute_id = ? order by id""")) {
            s.setString(1, disputeId);
            List<Call> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Call(rs.getString(1), GatewayTime.inZone(rs.getObject(2, OffsetDateTime.class)),
                            GatewayTime.inZone(rs.getObject(3, OffsetDateTime.class)),
                            GatewayTime.inZone(rs.getObject(4, OffsetDateTime.class)), rs.getInt(5)));
                }
            }
            return out;
        }
    }

    public void enqueue(UnitOfWork work, String disputeId, String sourceSystem, List<FeedbackCall> calls,
            OffsetDateTime at) throws SQLException {
        if (calls.isEmpty()) {
            return;
        }
        try (PreparedStatement s = work.prepare("""
                insert into feedback_outbox (dispute_id, source_system, kind, idempotency_key, http_method, url_path,
                    content_type, body, final_result, created_at, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (FeedbackCall call : calls) {
                s.setString(1, disputeId);
                s.setString(2, sourceSystem);
                s.setString(3, call.kind());
                s.setString(4, call.idempotencyKey());
                s.setString(5, call.method());
                s.setString(6, call.path());
                s.setString(7, call.contentType());
                s.setString(8, cipher.encrypt(call.body()));
                s.setBoolean(9, call.finalResult());
                s.setObject(10, at);
                s.setObject(11, at);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Calls due now, oldest first, each the first undelivered call of its dispute: a later call never
     * overtakes an earlier one that is still failing or dead.
     */
    public List<Pending> due(String sourceSystem, OffsetDateTime now, int limit) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select f.id, f.dispute_id, f.source_system, f.kind, f.idempotency_key, f.http_method, f.url_path,
                               f.content_type, f.body, f.attempts, f.final_result
                        from feedback_outbox f
                        where f.source_system = ? and f.delivered_at is null and f.dead_at is null
                          and f.next_attempt_at <= ?
                          and not exists (select 1 from feedback_outbox e where e.dispute_id = f.dispute_id
                                          and e.id < f.id and e.delivered_at is null)
                        order by f.id
                        fetch first %d rows only""".formatted(limit))) {
            s.setString(1, sourceSystem);
            s.setObject(2, now);
            List<Pending> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            cipher.decrypt(rs.getString(9)),
                            rs.getInt(10), rs.getBoolean(11)));
                }
            }
            return out;
        }
    }

    public List<String> sourcesWithWork() throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select distinct source_system from feedback_outbox
                        where delivered_at is null and dead_at is null""");
                ResultSet rs = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    public void markDelivered(UnitOfWork work, long id, OffsetDateTime at) throws SQLException {
        try (PreparedStatement s = work.prepare(
                "update feedback_outbox set delivered_at = ?, attempts = attempts + 1 where id = ?")) {
            s.setObject(1, at);
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    /** A failed attempt: try again at {@code nextAttempt}, or dead-letter it when {@code dead}. */
    public void markFailed(long id, String error, OffsetDateTime nextAttempt, boolean dead, OffsetDateTime at)
            throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare("""
                    update feedback_outbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                        dead_at = ? where id = ?""")) {
                s.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
                s.setObject(2, nextAttempt);
                s.setObject(3, dead ? at : null);
                s.setLong(4, id);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Dead letters, oldest first: of one source or all, of the disputes of one county (their
     * {@code dispute.county_code}) or all.
     */
    public List<DeadLetter> deadLetters(Optional<String> sourceSystem, Optional<String> countyCode, int limit)
            throws SQLException {
        String filter = (sourceSystem.isPresent() ? " and f.source_system = ?" : "")
                + (countyCode.isPresent() ? " and d.county_code = ?" : "");
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select f.id, f.dispute_id, f.source_system, f.kind, f.attempts, f.last_error, f.created_at,
                               f.dead_at
                        from feedback_outbox f join dispute d on d.dispute_id = f.dispute_id
                        where f.dead_at is not null%s
                        order by f.id fetch first %d rows only""".formatted(filter, limit))) {
            int i = 1;
            if (sourceSystem.isPresent()) {
                s.setString(i++, sourceSystem.get());
            }
            if (countyCode.isPresent()) {
                s.setString(i, countyCode.get());
            }
            List<DeadLetter> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), GatewayTime.inZone(rs.getObject(7, OffsetDateTime.class)),
                            GatewayTime.inZone(rs.getObject(8, OffsetDateTime.class))));
                }
            }
            return out;
        }
    }

    /** Puts a dead letter back in line, with a fresh retry budget. */
    /**
     * Queues a dead letter again, and writes the act in its dispute's timeline (event
     * FEEDBACK_REDRIVEN, the dispute's status unchanged): by {@code actor} (the operator) in the
     * person of {@code person}. Both or neither.
     */
    public boolean redrive(long id, OffsetDateTime now, String actor, String person) throws SQLException {
        return database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            int updated;
            try (PreparedStatement s = work.prepare("""
                    update feedback_outbox set dead_at = null, attempts = 0, next_attempt_at = ?
                    where id = ? and dead_at is not null""")) {
                s.setObject(1, now);
                s.setLong(2, id);
                updated = s.executeUpdate();
            }
            if (updated == 1) {
                try (PreparedStatement s = work.prepare("""
                        insert into dispute_history (dispute_id, event, status, occurred_at, actor, actor_person,
                            handler_id, reason)
                        select d.dispute_id, 'FEEDBACK_REDRIVEN', d.status, ?, ?, ?, d.handler_id, ?
                        from feedback_outbox f join dispute d on d.dispute_id = f.dispute_id
                        where f.id = ?""")) {
                    s.setObject(1, now);
                    s.setString(2, actor);
                    s.setString(3, person);
                    s.setString(4, "dead letter " + id + " queued again");
                    s.setLong(5, id);
                    s.executeUpdate();
                }
            }
            return updated == 1;
        });
    }

    /** Calls not yet delivered (waiting or dead), per source: the outbox depth. */
    public long depth(String sourceSystem) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select count(*) from feedback_outbox where source_system = ? and delivered_at is null")) {
            s.setString(1, sourceSystem);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What a source owes: calls waiting to be delivered (not dead letters) and when the oldest was made. */
    public record Owed(long calls, OffsetDateTime oldest) {
    }

    /**
     * What the source owes now (dead letters aside), or null when nothing: one seek on the due index
     * (source, delivered, dead), however many calls were delivered before.
     */
    public Owed owed(String sourceSystem) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select count(*), min(created_at) from feedback_outbox
                        where source_system = ? and delivered_at is null and dead_at is null""")) {
            s.setString(1, sourceSystem);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long calls = rs.getLong(1);
                return calls == 0 ? null : new Owed(calls, rs.getObject(2, OffsetDateTime.class));
            }
        }
    }
}
