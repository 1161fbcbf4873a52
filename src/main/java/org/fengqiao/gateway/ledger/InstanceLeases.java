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
        try {
            return database.transaction(UnitOfWork.Commit.DURABLE, work -> acquire(work, lease, owner, now, ttl));
        } catch (SQLException e) {
            if (UniqueViolation.is(e)) {
                return false; // someone else holds it
            }
            throw e;
        }
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
        try (PreparedStatement s = work.prepare(
                "insert into instance_lease (lease_name, owner, expires_at) values (?, ?, ?)")) {
            s.setString(1, lease);
            s.setString(2, owner);
            s.setObject(3, now.plus(ttl));
            s.executeUpdate();
            return true;
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
