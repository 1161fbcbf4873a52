package org.fengqiao.gateway.intake.police;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How the gateway reads the police risk-control platform. */
@ConfigMapping(prefix = "gateway.sources.police")
public interface PoliceSourceConfig {

    /** Whether this gateway polls the platform at all (the timer route's autoStartup). */
    boolean enabled();

    /** The platform's API, e.g. http://risk.police.local:8080. */
    String baseUrl();

    /** Items asked for per page ({@code limit}). */
    int pageSize();

    /** Time between polling rounds (also read by the timer in routes/police.yaml). */
    Duration pollInterval();

    /** Connect and response timeout of each call to the platform. */
    Duration timeout();

    /** Upper bound of the back-off while the platform is failing. */
    Duration maxBackoff();

    /**
     * How long the polling lease lasts without renewal: when the instance that polls dies, another
     * takes over after at most this long. Keep it above the poll interval.
     */
    Duration leaseTime();

    /** Pages read in one round when the platform has a backlog. */
    int maxPagesPerRound();
}
