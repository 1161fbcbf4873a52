package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.security.SeenNonceStore;
import org.jboss.logging.Logger;

/**
 * The signed requests' nonces in the ledger (table {@code seen_nonce}): one insert-if-absent per
 * signed request decides whether its nonce is new, atomically for every instance on the ledger (the
 * primary key). A row whose time has passed is taken over by an update that only matches while it
 * is still past, so reusing a nonce after the window is as atomic.
 *
 * <p>Each insert is a transaction that does not wait for the disk ({@link UnitOfWork.Commit#REPLAYABLE}):
 * it is visible to every instance at once, and it reaches the disk no later than the request's own
 * durable write that follows it (the ledger's commits reach the disk in order), so a request whose
 * effect survives a crash has its nonce remembered too. Only on the embedded ledger with its broker
 * journal (gateway.ledger.journal.enabled) is a new dispute durable before the ledger's file is: there
 * a nonce reaches the file within H2's write delay (half a second) and the disk at the next
 * checkpoint (gateway.ledger.journal.checkpoint-interval); a crash inside that lets the dispute's
 * request be replayed, and it is answered as the repeat it is (200, the same dispute).
 */
@ApplicationScoped
public class SeenNonceLedger implements SeenNonceStore {

    private static final Logger LOG = Logger.getLogger(SeenNonceLedger.class);
    /** Rows deleted per transaction: a short one, beside live intake. */
    static final int DELETE_BATCH = 1_000;

    @Inject
    LedgerDatabase database;

    @Override
    public boolean firstTime(String source, long key, Instant until, Instant now) throws SQLException {
        try {
            return database.transaction(UnitOfWork.Commit.REPLAYABLE,
                    work -> insert(work.connection(), source, key, until)
                            || takeOverExpired(work.connection(), source, key, until, now));
        } catch (SQLException e) {
            if (UniqueViolation.is(e)) {
                return false; // inserted by a concurrent request at the same moment
            }
            throw e;
        }
    }

    private static boolean insert(Connection c, String source, long key, Instant until) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into seen_nonce (source_system, nonce_key, expires_at) values (?, ?, ?)
                on conflict do nothing""")) {
            s.setString(1, source);
            s.setLong(2, key);
            s.setObject(3, utc(until));
            return s.executeUpdate() == 1;
        }
    }

    private static boolean takeOverExpired(Connection c, String source, long key, Instant until, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                update seen_nonce set expires_at = ?
                where source_system = ? and nonce_key = ? and expires_at < ?""")) {
            s.setObject(1, utc(until));
            s.setString(2, source);
            s.setLong(3, key);
            s.setObject(4, utc(now));
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Deletes the rows whose time has passed, a batch per transaction, oldest first. Every instance may
     * run it; losing a delete in a crash costs only a row deleted again next time.
     */
    @Scheduled(every = "${gateway.security.nonce-cleanup-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void deleteExpiredOnSchedule() {
        try {
            deleteExpired(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("Expired nonces not deleted, trying again later: SQLState %s", e.getSQLState());
        }
    }

    /** @return how many rows were deleted */
    public int deleteExpired(Instant now) throws SQLException {
        int deleted = 0;
        int batch;
        do {
            batch = database.transaction(UnitOfWork.Commit.REPLAYABLE, work -> {
                try (PreparedStatement s = work.prepare("""
                        delete from seen_nonce where (source_system, nonce_key) in (
                            select source_system, nonce_key from seen_nonce where expires_at < ?
                            order by expires_at fetch first %d rows only)""".formatted(DELETE_BATCH))) {
                    s.setObject(1, utc(now));
                    return s.executeUpdate();
                }
            });
            deleted += batch;
        } while (batch == DELETE_BATCH);
        return deleted;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
