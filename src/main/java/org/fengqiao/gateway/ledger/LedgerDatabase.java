package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

/**
 * The ledger's database: the embedded H2 file by default, PostgreSQL when {@code gateway.db.url} is
 * set. Both drivers are in the build, so the switch is runtime configuration. The schema is
 * migrated by Flyway on first use, whichever comes first (Camel routes start before StartupEvent).
 */
@ApplicationScoped
public class LedgerDatabase {

    private static final Logger LOG = Logger.getLogger(LedgerDatabase.class);

    @Inject
    @DataSource("embedded")
    InjectableInstance<AgroalDataSource> embedded;
    @Inject
    @DataSource("external")
    InjectableInstance<AgroalDataSource> external;
    @Inject
    @FlywayDataSource("embedded")
    InjectableInstance<Flyway> embeddedFlyway;
    @Inject
    @FlywayDataSource("external")
    InjectableInstance<Flyway> externalFlyway;
    @Inject
    DatabaseConfig database;
    @Inject
    LedgerConfig ledger;

    private javax.sql.DataSource dataSource;
    private boolean embeddedInUse;
    private DurabilityMode mode;

    @PostConstruct
    void migrate() {
        boolean useExternal = database.url().isPresent();
        dataSource = useExternal ? external.get() : embedded.get();
        embeddedInUse = !useExternal;
        mode = DurabilityMode.of(embeddedInUse, ledger.journal().enabled());
        var result = (useExternal ? externalFlyway : embeddedFlyway).get().migrate();
        LOG.infof("Ledger on %s database, schema version %s", useExternal ? "external PostgreSQL" : "embedded H2",
                result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion);
        if (useExternal) {
            warnIfAutovacuumIsOff();
        }
    }

    /**
     * PostgreSQL plans each prepared statement against the table statistics that autovacuum keeps.
     * Without it, plans made while the ledger was small stay: in the benchmark, the repeat check
     * went through the wrong index and intake fell to a fifth.
     */
    private void warnIfAutovacuumIsOff() {
        try (Connection c = dataSource.getConnection();
                var s = c.createStatement();
                var rs = s.executeQuery("show autovacuum")) {
            if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                LOG.warn("PostgreSQL runs without autovacuum: the ledger's statistics go stale and its lookups slow"
                        + " down as it grows; turn autovacuum on (the default) or ANALYZE the ledger's tables regularly");
            }
        } catch (SQLException e) {
            LOG.debugf("autovacuum setting not read: %s", e.getClass().getSimpleName());
        }
    }

    /** The delivery guarantee's mode, fixed at start. */
    public DurabilityMode mode() {
        return mode;
    }

    /** True when the ledger is the embedded H2 file, false on PostgreSQL. */
    public boolean embedded() {
        return embeddedInUse;
    }

    /**
     * A connection for reading. Every write goes through {@link #transaction}, which alone decides
     * what its commit waits for; a write made here would not be synced on the embedded ledger.
     */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Stores every committed change of the embedded ledger in its file and syncs the file: what
     * {@link #connection()} does when a connection that wrote is closed, for writes made without it.
     * Nothing to do on PostgreSQL, whose commits are on the disk.
     */
    public void storeEmbedded() throws SQLException {
        if (!embeddedInUse) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it as {@code commit} says; rolls it back and
     * rethrows if the work throws. The one place the gateway begins, commits and rolls back a ledger
     * transaction.
     */
    public <T, E extends Exception> T transaction(UnitOfWork.Commit commit, UnitOfWork.Work<T, E> work)
            throws E, SQLException {
        try (Connection connection = connection()) {
            connection.setAutoCommit(false);
            if (commit == UnitOfWork.Commit.REPLAYABLE && !embeddedInUse) {
                try (Statement s = connection.createStatement()) {
                    s.execute("set local synchronous_commit = off"); // this transaction only
                }
            }
            T result;
            try {
                result = work.run(new UnitOfWork(connection));
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
            if (commit == UnitOfWork.Commit.DURABLE && embeddedInUse) {
                // H2 stores changes in its file at every commit (WRITE_DELAY=0) or from a background
                // thread every half second, which also compacts the file. Storing at every commit
                // alone never compacts (H2 issue #442): each commit leaves a chunk that stays partly
                // live, and the file grew by tens of kilobytes per dispute without end. So the ledger
                // keeps the background thread and a durable commit stores and syncs the file itself:
                // a dispute answered 202 or an action answered 200 is on the disk even if the machine
                // loses power the next moment, as the broker's journal is. Stored without the sync,
                // the changes sat in the page cache until the kernel wrote them out up to a gigabyte
                // at once, and the broker's journal syncs on the same disk waited behind them.
                try (Statement s = connection.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            return result;
        }
    }

    /**
     * Has PostgreSQL plan the statement for the values of each execution. One statement text serves
     * values that match most of a county and values that match a handful (a filter, a date range);
     * after five executions on a connection the driver would prepare it on the server, whose plan for
     * any values can read the whole county to find the handful. Nothing to do on H2.
     */
    public static PreparedStatement plannedForItsValues(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return statement;
    }
}
