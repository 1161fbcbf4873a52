package org.fengqiao.gateway.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** The watch on the handlers' event queue (dispute.events). */
@ConfigMapping(prefix = "gateway.events")
public interface EventsConfig {

    /** Readiness goes DOWN when events waited this long on the queue and none was taken off it. */
    Duration stallAfter();
}
