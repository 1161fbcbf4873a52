package org.fengqiao.gateway.limits;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** What the gateway takes at once; per-source limits (gateway.sources.<name>.*) fall back to these. */
@ConfigMapping(prefix = "gateway.limits")
public interface LimitsConfig {

    /** Source requests worked on at once; one more is answered 503 at the door. */
    int maxInFlight();

    /** Open connections per client address (0 = no limit). */
    int maxConnectionsPerClient();

    /** Largest body of a source's request, unless the source has its own. */
    MemorySize maxBodySize();

    /** Requests per second per source (0 = none), unless the source has its own. */
    double rateLimit();

    /** Requests at once after a quiet spell, unless the source has its own. */
    int rateBurst();
}
