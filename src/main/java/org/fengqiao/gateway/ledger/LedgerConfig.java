package org.fengqiao.gateway.ledger;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** The embedded ledger's journal, file compaction and page cache; the search keys' backfill. */
@ConfigMapping(prefix = "gateway.ledger")
public interface LedgerConfig {

    Journal journal();

    Compaction compaction();

    Embedded embedded();

    /**
     * How often disputes without search keys, or keyed by an older rule, get them (a scheduler
     * interval; ledger.SearchKeyBackfill).
     */
    String backfillInterval();

    interface Journal {
        /** Group records kept in the broker's journal until the ledger's file is synced past them. */
        boolean enabled();

        Duration checkpointInterval();
    }

    interface Compaction {
        /** How often compaction runs (a scheduler interval). */
        String interval();

        /** Percent of live data below which a chunk is rewritten. */
        int targetFillRate();

        /** Least rewritten per interval. */
        MemorySize leastWrite();
    }

    interface Embedded {
        /** H2's page cache for the embedded ledger. */
        MemorySize cacheSize();

        /** More H2 URL options for the embedded ledger (;KEY=VALUE...), read by ledger.EmbeddedLedgerUrl. */
        java.util.Optional<String> urlOptions();
    }
}
