package org.fengqiao.gateway.intake;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Linking the same matter reported by two sources. */
@ConfigMapping(prefix = "gateway.linking")
public interface LinkingConfig {

    /** Same township and a shared party ID number within this window: linked. */
    Duration window();
}
