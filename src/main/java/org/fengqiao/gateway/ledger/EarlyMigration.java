package org.fengqiao.gateway.ledger;

import java.sql.Connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.ConfigurationException;
import org.apache.camel.quarkus.main.events.AfterConfigure;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.exception.sqlExceptions.FlywaySqlUnableToConnectToDbException;
import org.jboss.logging.Logger;

/**
 * Opens (and so migrates) the ledger while Camel loads its routes and starts the broker, instead of
 * after the start, when the first caller (readiness, a route) needs it: on a fresh data folder the
 * migration was the last 0.6 s before the gateway was ready. Whoever needs the ledger before it is
 * open waits for it as before. A database Flyway could not connect to is logged and the first caller
 * tries again (the database may come up after the gateway, or the pool timed out on a busy machine);
 * a schema that Flyway refuses (a database that is not the gateway's, a changed or failed migration)
 * stops the start, since retrying cannot mend it and a gateway without its ledger would only answer
 * errors.
 */
@ApplicationScoped
public class EarlyMigration {

    private static final Logger LOG = Logger.getLogger(EarlyMigration.class);

    @Inject
    LedgerDatabase database;

    private volatile Thread opener;
    private volatile Exception failure;

    void beforeRoutesLoad(@Observes BeforeConfigure event) {
        Thread opener = new Thread(this::open, "ledger-open");
        opener.setDaemon(true);
        this.opener = opener;
        opener.start();
    }

    /**
     * Waits until the early opening is over: a start that stops for a configuration mistake closes
     * the datasource, and a migration cut off by that fails with a long, unrelated stack trace.
     */
    public void awaitOpened() throws InterruptedException {
        Thread running = opener;
        if (running != null) {
            running.join();
        }
    }

    private void open() {
        try (Connection ignored = database.connection()) {
            LOG.debug("Ledger open before the start completed");
        } catch (Exception e) {
            failure = e;
            LOG.warnf("Ledger not opened early (the first caller tries again): %s", e.getClass().getSimpleName());
        }
    }

    /** Once Camel has loaded the routes, before it starts them: a schema Flyway refused stops the start. */
    void refuseARefusedSchema(@Observes AfterConfigure event) throws InterruptedException {
        awaitOpened();
        FlywayException refused = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FlywaySqlUnableToConnectToDbException) {
                return; // no connection (down, busy pool, credentials): not a verdict on the schema
            }
            if (t instanceof FlywayException flyway && refused == null) {
                refused = flyway;
            }
        }
        if (refused != null) {
            throw new ConfigurationException("The gateway does not start: its ledger database cannot be opened"
                    + " and migrated to this version's schema (docs/operations.md, Upgrades without downtime):\n  "
                    + firstLine(refused.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
