package org.fengqiao.gateway.ledger;

import io.smallrye.config.ConfigMapping;

/** How often the ledger's gauges are read. */
@ConfigMapping(prefix = "gateway.metrics")
public interface MetricsConfig {

    /** A scheduler interval (30s), or off. */
    String refreshInterval();
}
