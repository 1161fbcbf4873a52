package org.fengqiao.gateway.supervision;

import io.smallrye.config.ConfigMapping;

/** How often supervision looks for reminders, notices and escalations due. */
@ConfigMapping(prefix = "gateway.supervision")
public interface SupervisionConfig {

    /** A scheduler interval (60s), or off. */
    String interval();
}
