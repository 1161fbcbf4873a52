package org.fengqiao.gateway.handling;

import io.smallrye.config.ConfigMapping;

/** What handlers may ask for. */
@ConfigMapping(prefix = "gateway.handling")
public interface HandlingConfig {

    /** Longest extension (延期) a handler may ask for at once, in days. */
    int maxExtensionDays();

    /** Extension requests (申请延期) a dispute may have in all, approved, refused or waiting. */
    int maxExtensionRequests();
}
