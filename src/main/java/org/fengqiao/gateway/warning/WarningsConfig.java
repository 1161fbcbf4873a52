package org.fengqiao.gateway.warning;

import io.smallrye.config.ConfigMapping;

/** How often the warning rules run: as disputes arrive, and on their schedule. */
@ConfigMapping(prefix = "gateway.warnings")
public interface WarningsConfig {

    /**
     * How often the rules that follow arrivals (repeat party, group matter, red risk, escalating
     * conflict, reopened) read what the ledger recorded since their last round; a duration (2s) or off.
     */
    String arrivalInterval();

    /** How often the time-based rules (unsigned, surge, long unresolved) run; a duration (5m) or off. */
    String scheduleInterval();

    /** History rows an arrival round reads at most at once; a round reads batches until it is caught up. */
    int batchSize();
}
