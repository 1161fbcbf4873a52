package org.fengqiao.gateway.console;

import io.smallrye.config.ConfigMapping;

/** The staff console. */
@ConfigMapping(prefix = "gateway.console")
public interface ConsoleConfig {

    /**
     * Most disputes one export (Excel, CSV) may hold; a list that matches more is refused, with no
     * file, and the centre narrows its filters.
     */
    int exportMaxRows();
}
