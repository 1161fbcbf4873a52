package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One ledger transaction, begun and ended by {@link LedgerDatabase#transaction}: the only way the
 * gateway groups ledger writes. Code outside the ledger is handed this, never a JDBC connection, so
 * it can take part in a transaction (handling, supervision, feedback) but cannot open, commit or
 * choose the durability of one.
 *
 * <p>The gateway has no JTA transaction manager: one datasource, short transactions, and the
 * durability of a commit depends on the kind of write (see {@link Commit}), which a declarative
 * transaction cannot express. So the unit of work is explicit and lives here, once.
 */
public final class UnitOfWork {

    /** What a commit waits for. Chosen by the ledger method that opens the transaction, never by its SQL. */
    public enum Commit {
        /**
         * On the disk when the commit returns: PostgreSQL's own commit; on the embedded ledger the
         * commit is followed by a store and sync of its file.
         */
        DURABLE,
        /**
         * Visible to every reader at once but not waited for on the disk: for writes the gateway can
         * make again after a crash (a delivery marked done, a nonce seen, a row the journal recovers).
         * A later durable commit never reaches the disk without it.
         */
        REPLAYABLE
    }

    /** Work done inside one unit of work. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(UnitOfWork work) throws E;
    }

    private final Connection connection;

    UnitOfWork(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /**
     * A statement in this transaction, for a store that keeps its own SQL beside its feature (the
     * feedback outbox); closed by the caller.
     */
    public PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }
}
