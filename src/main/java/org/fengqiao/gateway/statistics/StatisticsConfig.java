package org.fengqiao.gateway.statistics;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The county statistics: how often the facts catch up with the ledger, and what the figures count. */
@ConfigMapping(prefix = "gateway.statistics")
public interface StatisticsConfig {

    /**
     * How often the one instance holding the lease reads the ledger's new history entries into the
     * facts (a scheduler interval, e.g. 5s; {@code off} stops it).
     */
    @WithDefault("5s")
    String catchUpInterval();

    /** The source whose items are petitions (信访件), for the "three declines". */
    @WithDefault("PETITION")
    String petitionSource();

    /** The court's pre-litigation mediation source, for the pre-litigation resolution rate (诉前化解率). */
    @WithDefault("COURT_MEDIATION")
    String courtSource();

    /**
     * Resident population per county code ({@code gateway.statistics.population."330681"=1220000}),
     * for disputes per 10,000 people; a city's is the sum of its counties'. Unset: the figure is null.
     */
    Map<String, Long> population();
}
