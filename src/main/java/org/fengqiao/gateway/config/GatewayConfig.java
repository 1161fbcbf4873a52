package org.fengqiao.gateway.config;

import io.smallrye.config.ConfigMapping;

/** Where the gateway keeps its data and finds the files integration engineers edit. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The embedded broker's journal and the embedded ledger. */
    String dataDir();

    /** Source routes (*.yaml), relative to the working directory unless absolute. */
    String routesDir();

    /** Routing policy, category tables, calendar, sources defined by files. */
    String configDir();

    /** Names this instance in leases (who polls, who checks deadlines); unique per instance. */
    String instanceId();
}
