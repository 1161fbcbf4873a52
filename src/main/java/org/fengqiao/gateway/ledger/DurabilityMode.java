package org.fengqiao.gateway.ledger;

import java.time.Duration;

/**
 * What makes an accepted dispute durable before it is answered 202: the one switch of the delivery
 * guarantee, chosen once at start from the ledger in use ({@code gateway.db.url}) and
 * {@code gateway.ledger.journal.enabled}, and read from {@link LedgerDatabase#mode()} by every part
 * that depends on it. docs/delivery-guarantee.md describes each mode: what is on the disk when, what
 * a crash at each step leaves, how the next start completes it.
 */
public enum DurabilityMode {

    /** PostgreSQL: a group's ledger commit is on the disk (its own log), then the broker syncs its journal. */
    POSTGRESQL(UnitOfWork.Commit.DURABLE, false, 2,
            "PostgreSQL ledger: each group commit on the disk, then confirmed by the broker"),

    /**
     * The embedded ledger whose log is the broker's journal: a group's ledger commit does not wait
     * for the file; the group's record goes to the broker with its messages, in one journal sync,
     * and the next start records from it what the file lacks ({@link LedgerJournal}).
     */
    EMBEDDED_BROKER_JOURNAL(UnitOfWork.Commit.REPLAYABLE, true, 2,
            "embedded ledger, its log in the broker's journal: one disk wait per group"),

    /** The embedded ledger on its own: each group commit stores and syncs the file, then the broker syncs. */
    EMBEDDED_FILE_SYNC(UnitOfWork.Commit.DURABLE, false, 1,
            "embedded ledger, each group commit synced to its file, then confirmed by the broker");

    private final UnitOfWork.Commit groupCommit;
    private final boolean journalled;
    private final int writers;
    private final String description;

    DurabilityMode(UnitOfWork.Commit groupCommit, boolean journalled, int writers, String description) {
        this.groupCommit = groupCommit;
        this.journalled = journalled;
        this.writers = writers;
        this.description = description;
    }

    private static final Duration H2_DEFAULT_RETENTION = Duration.ofSeconds(45);
    private static final Duration LEAST_JOURNALLED_RETENTION = Duration.ofSeconds(5);

    /**
     * How long H2 keeps a chunk of the embedded ledger's file that newer chunks have replaced before
     * it writes over it: until the newer ones are surely on the disk. H2's default, 45 s, assumes
     * nobody syncs the file. With the broker journal as the ledger's log ({@link LedgerJournal}) its
     * checkpoint syncs the file every {@code gateway.ledger.journal.checkpoint-interval}, so five of
     * those (at least 5 s) are as safe, and under load the file stays a half to a quarter of the size
     * (BENCHMARKS.md): 45 s of replaced chunks is most of a busy ledger's file. H2 keeps the setting
     * in the database, so without the journal the default is written back explicitly. Read while
     * the configuration is built (ledger.EmbeddedLedgerUrl), before any bean exists.
     */
    public static Duration embeddedRetention(boolean journalEnabled, Duration checkpointInterval) {
        if (!journalEnabled) {
            return H2_DEFAULT_RETENTION;
        }
        Duration fiveCheckpoints = checkpointInterval.multipliedBy(5);
        Duration retention = fiveCheckpoints.compareTo(LEAST_JOURNALLED_RETENTION) > 0 ? fiveCheckpoints
                : LEAST_JOURNALLED_RETENTION;
        return retention.toMillis() > Integer.MAX_VALUE ? Duration.ofMillis(Integer.MAX_VALUE) : retention;
    }

    static DurabilityMode of(boolean embedded, boolean journalEnabled) {
        if (!embedded) {
            return POSTGRESQL;
        }
        return journalEnabled ? EMBEDDED_BROKER_JOURNAL : EMBEDDED_FILE_SYNC;
    }

    /** How a group of new disputes is committed to the ledger. */
    public UnitOfWork.Commit groupCommit() {
        return groupCommit;
    }

    /** Whether each group's record goes to the broker's journal with its messages. */
    public boolean journalled() {
        return journalled;
    }

    /**
     * Group writers unless configured: two, so that one group's commit and sends overlap the other's
     * wait for the broker (BENCHMARKS.md: p99 at 500/s); one where every commit syncs the embedded
     * file, a price paid per commit whatever the group's size, so fewer and bigger groups cost less.
     */
    public int defaultWriters() {
        return writers;
    }

    public String description() {
        return description;
    }
}
