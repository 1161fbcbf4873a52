package org.fengqiao.gateway.ledger;

import java.sql.Connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.jboss.logging.Logger;

/**
 * Opens (and so migrates) the ledger while Camel loads its routes and starts the broker, instead of
 * after the start, when the first caller (readiness, a route) needs it: on a fresh data folder the
 * migration was the last 0.6 s before the gateway was ready. Whoever needs the ledger before it is
 * open waits for it as before; a failure here is logged and the first caller tries again.
 */
@ApplicationScoped
public class EarlyMigration {

    private static final Logger LOG = Logger.getLogger(EarlyMigration.class);

    @Inject
    LedgerDatabase database;

    private volatile Thread opener;

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
            LOG.warnf("Ledger not opened early (the first caller tries again): %s", e.getClass().getSimpleName());
        }
    }
}
