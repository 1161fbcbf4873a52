package org.fengqiao.gateway.jurisdiction.standard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A report's coordinates to its standard address ({@link StandardAddressCoordinates}). */
@ConfigMapping(prefix = "gateway.addresses.coordinates")
public interface CoordinatesConfig {

    /** Metres: the nearest standard address decides only within this distance of the point. */
    @WithDefault("300")
    int maxDistance();

    /**
     * Metres: another township's address at most this much farther than the nearest one makes the
     * point lie between the two townships, and the gateway does not choose.
     */
    @WithDefault("50")
    int ambiguityMargin();
}
