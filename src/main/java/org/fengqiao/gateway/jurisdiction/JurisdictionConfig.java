package org.fengqiao.gateway.jurisdiction;

import io.smallrye.config.ConfigMapping;

/** The region whose divisions the gateway resolves addresses to: a deployment for another city is this setting. */
@ConfigMapping(prefix = "gateway.jurisdiction")
public interface JurisdictionConfig {

    /**
     * A province ({@code 33}), one city ({@code 3306}) or cities of one province ({@code 3301,3306}); every
     * place outside it is another region.
     */
    String region();
}
