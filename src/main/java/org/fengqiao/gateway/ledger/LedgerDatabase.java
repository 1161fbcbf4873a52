package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    @ConfigProperty(name = "gateway.db.url")
    Optional<String> externalUrl;

    private javax.sql.DataSource dataSource;
    private boolean embeddedInUse;

    @PostConstruct
    void migrate() {
        boolean useExternal = externalUrl.isPresent();
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

    public Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        return embeddedInUse ? EmbeddedWrites.flushedOnClose(connection) : connection;
    }
}
