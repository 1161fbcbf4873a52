package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

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

    private javax.sql.DataSource dataSource;
    private boolean embeddedInUse;

    @PostConstruct
    void migrate() {
        boolean useExternal = database.url().isPresent();
        dataSource = useExternal ? external.get() : embedded.get();
        embeddedInUse = !useExternal;
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

    /** True when the ledger is the embedded H2 file, false on PostgreSQL. */
    public boolean embedded() {
        return embeddedInUse;
    }

    /** A connection whose writes are on the disk once it is closed (embedded) or committed (PostgreSQL). */
    public Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        return embeddedInUse ? EmbeddedWrites.flushedOnClose(connection) : connection;
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
     * A connection for one transaction the ledger may lose in a crash because it can be made again
     * (a delivery marked done: the relay sends it again, the broker drops the copy, the mark is made
     * again). Its commit is visible to every reader at once but does not wait for the disk: on the
     * embedded ledger it is not stored when the connection closes (the next write that is, or H2's
     * background writer within half a second, takes it to the file); on PostgreSQL the transaction
     * commits with {@code synchronous_commit} off (the next synchronous commit's flush takes it to
     * the disk). Either way a later durable write never reaches the disk without it. Returned with
     * auto-commit off and the transaction begun; the caller commits or rolls back.
     */
    public Connection transactionNotWaitingForDisk() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            if (!embeddedInUse) {
                try (Statement s = connection.createStatement()) {
                    s.execute("set local synchronous_commit = off"); // this transaction only
                }
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }
}
