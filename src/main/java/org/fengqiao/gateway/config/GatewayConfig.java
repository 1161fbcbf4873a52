package org.fengqiao.gateway.config;

import java.util.List;
import java.util.Optional;

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

    /**
     * More folders of source definitions ({@code <SOURCE>.yaml}), read like {@code <config>/sources/}.
     * Paths inside a definition, and its category table ({@code categories/<SOURCE>.yaml}), are
     * relative to the folder's parent, as those of {@code config/sources/} are to {@code config/}.
     */
    Optional<List<String>> extraSourceDirs();

    /** Names this instance in leases (who polls, who checks deadlines); unique per instance. */
    String instanceId();
}
