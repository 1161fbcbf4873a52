package org.fengqiao.gateway.ledger;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Leases in the ledger for work only one gateway instance may do at a time. A lease is taken when
 * it is free or expired and renewed by its holder; a holder that dies loses it when it expires.
 * One conditional UPDATE decides, so two instances cannot both win.
 */
@ApplicationScoped
public class InstanceLeases {

    @Inject
    LedgerDatabase database;

    /** @return true when {@code owner} holds the lease until {@code now + ttl} */
    public boolean tryAcquire(String lease, String owner, OffsetDateTime now, Duration ttl) throws SQLException {
        return database.transaction(UnitOfWork.Commit.DURABLE, work -> acquire(work, lease, owner, now, ttl));
    }

    private static boolean acquire(UnitOfWork work, String lease, String owner, OffsetDateTime now, Duration ttl)
            throws SQLException {
        try (PreparedStatement s = work.prepare("""
                update instance_lease set owner = ?, expires_at = ?
                where lease_name = ? and (owner = ? or expires_at < ?)""")) {
            s.setString(1, owner);
            s.setObject(2, now.plus(ttl));
            s.setString(3, lease);
            s.setString(4, owner);
            s.setObject(5, now);
            if (s.executeUpdate() == 1) {
                return true;
            }
        }
        // The lease's first taking. Another instance's row (held, or taken first just now) leaves this
        // one out without an error: a failed insert would put an ERROR in PostgreSQL's log at every
        // round of every instance that does not hold the lease.
        try (PreparedStatement s = work.prepare(
                "insert into instance_lease (lease_name, owner, expires_at) values (?, ?, ?) on conflict do nothing")) {
            s.setString(1, lease);
            s.setString(2, owner);
            s.setObject(3, now.plus(ttl));
            return s.executeUpdate() == 1;
        }
    }

    public void release(String lease, String owner) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare("delete from instance_lease where lease_name = ? and owner = ?")) {
                s.setString(1, lease);
                s.setString(2, owner);
                return s.executeUpdate();
            }
        });
    }
}
