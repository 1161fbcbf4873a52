package org.fengqiao.gateway.ledger;

import java.sql.Connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.scheduler.Scheduled;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jboss.logging.Logger;

/**
 * Keeps the embedded ledger's file from filling with the old copies its B-trees leave behind: every
 * interval, while the chunks old enough to be rewritten (older than H2's retention time) hold less live
 * data than the target fill rate, it rewrites the live pages of the emptiest of them, and the chunks
 * they leave are written over once nothing needs them. How much it rewrites follows what the ledger
 * writes, because that is what leaves old copies: half of what the ledger wrote to the file since the
 * last interval (under load: about what H2 itself would), at least {@code least-write} (once the load
 * has gone: a slow, steady catching up), at most {@value #MOST_WRITE_BYTES} bytes.
 *
 * <p>H2's own background compaction is off ({@code AUTO_COMPACT_FILL_RATE=0}, ledger.EmbeddedLedgerUrl)
 * because of what it does once a load has ended: it also moves whole chunks towards the start of the
 * file to shorten it, up to eight times its commit memory (128 MB at the gateway's heap) every half
 * second, reading each chunk into one buffer on the heap. After a busy hour that went on for minutes and
 * held the gateway's heap, and its resident memory, up by 100 MB (BENCHMARKS.md). This does what H2 does
 * while the file is being written, at a steady pace, and never moves chunks: the file keeps the size its
 * busiest time gave it (H2 cuts off only free space at its end), and new chunks go where old ones were.
 * Nothing here changes what the ledger holds or when it is on the disk.
 */
@ApplicationScoped
public class EmbeddedLedgerCompaction {

    private static final Logger LOG = Logger.getLogger(EmbeddedLedgerCompaction.class);
    /** H2's own commit memory at the gateway's heap, the most it would rewrite at once. */
    private static final int MOST_WRITE_BYTES = 16 << 20;

    @Inject
    LedgerDatabase database;
    @Inject
    LedgerConfig config;

    private long writtenAfterLastTime = -1;

    @Scheduled(every = "${gateway.ledger.compaction.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void compactALittle() {
        if (!database.embedded()) {
            return;
        }
        try (Connection connection = database.connection()) {
            MVStore file = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                    .getStore().getMvStore();
            FileFigures before = FileFigures.of(file);
            long writtenByTheLedger = writtenAfterLastTime < 0 ? 0
                    : Math.max(0, before.bytesWritten() - writtenAfterLastTime);
            long limit = Math.min(MOST_WRITE_BYTES, Math.max(config.compaction().leastWrite().asLongValue(), writtenByTheLedger / 2));
            // Asked for 100 %, H2 rewrites the emptiest rewritable chunks up to the limit; whether to
            // is decided here, on those chunks alone: the young ones, replaced but kept for the
            // retention time, would keep the whole file's fill rate low under any load.
            if (before.rewritableFillRate() < config.compaction().targetFillRate() && file.compact(100, (int) limit)) {
                // Stored now (not synced: that is the checkpoint's work), so that what the rewrite
                // writes is not counted as the ledger's next time: else the pace would feed on itself.
                file.commit();
            }
            writtenAfterLastTime = FileFigures.of(file).bytesWritten();
        } catch (Exception e) {
            // The next interval tries again; the file only grows meanwhile.
            LOG.debugf("Embedded ledger not compacted: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * What H2 has written to the file since it was opened, and how full its rewritable chunks are (it
     * reports both among its settings only).
     */
    record FileFigures(long bytesWritten, int rewritableFillRate) {
        static FileFigures of(MVStore file) {
            long[] figures = { 0, 100 };
            file.getFileStore().populateInfo((name, value) -> {
                switch (name) {
                    case "info.FILE_WRITE_BYTES" -> figures[0] = Long.parseLong(value);
                    case "info.CHUNKS_FILL_RATE_RW" -> figures[1] = Long.parseLong(value);
                    default -> {
                    }
                }
            });
            return new FileFigures(figures[0], (int) figures[1]);
        }
    }
}
