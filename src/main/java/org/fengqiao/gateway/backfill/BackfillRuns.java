package org.fengqiao.gateway.backfill;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.ledger.BackfillLedger;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.observability.FileProgress;

/**
 * Imports started through the operator API: one at a time per gateway, each on a thread of its own,
 * its progress in the ledger (backfill_run) for anyone to read. A gateway that stops ends the import
 * between two chunks; the same request afterwards goes on where it stopped.
 */
@ApplicationScoped
public class BackfillRuns {

    private static final Logger LOG = Logger.getLogger(BackfillRuns.class);

    /** An import is running already. */
    public static final class Busy extends Exception {
        private final long runId;

        Busy(long runId) {
            super("import " + runId + " is running");
            this.runId = runId;
        }

        public long runId() {
            return runId;
        }
    }

    @Inject
    Backfill backfill;
    @Inject
    BackfillLedger ledger;
    @Inject
    BackfillConfig config;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill");
        t.setDaemon(true);
        t.setContextClassLoader(BackfillRuns.class.getClassLoader());
        return t;
    });
    /** The import running now, 0 when none. */
    private final AtomicLong running = new AtomicLong();

    public Set<String> sources() {
        return backfill.sources();
    }

    /** The folder the API imports from. */
    public Path folder() {
        return Path.of(config.folder());
    }

    /** Starts (or goes on with) the import of a file; answers once it is recorded, before it is read. */
    public synchronized BackfillLedger.Run start(String source, Path file) throws Busy, IOException, SQLException {
        long now = running.get();
        if (now != 0) {
            throw new Busy(now);
        }
        BackfillLedger.Run run = backfill.begin(source, file);
        running.set(run.runId());
        worker.execute(() -> {
            try {
                backfill.run(run, file, FileProgress.NONE);
            } catch (Exception e) {
                LOG.warnf("Backfill %d of %s stopped (%s); the same request goes on where it stopped", run.runId(),
                        source, causes(e));
            } finally {
                running.set(0);
            }
        });
        return run;
    }

    /** The exception's classes, outermost first: what went wrong, without messages that may quote a record. */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            out.append(out.length() == 0 ? "" : " <- ").append(t.getClass().getName());
        }
        return out.toString();
    }

    public Optional<BackfillLedger.Run> find(long runId) throws SQLException {
        return ledger.find(runId);
    }

    public List<BackfillLedger.Rejection> rejections(long runId, int limit) throws SQLException {
        return ledger.rejections(runId, limit);
    }

    public List<BackfillLedger.Overdue> overdue(String countyCode, int limit) throws SQLException {
        return ledger.overdue(countyCode, limit);
    }

    @PreDestroy
    void stop() {
        backfill.stop();
        worker.shutdown();
    }
}
