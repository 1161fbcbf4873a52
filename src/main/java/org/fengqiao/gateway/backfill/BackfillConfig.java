package org.fengqiao.gateway.backfill;


import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Backfill of historical records (docs/backfill.md). */
@ConfigMapping(prefix = "gateway.backfill")
public interface BackfillConfig {

    /**
     * The only folder the operator API imports from: a file named in a request is looked for under
     * it, and a name that leads out of it is refused.
     */
    String folder();

    /** Records per transaction: the import commits them, and its progress past them, together. */
    @WithDefault("500")
    int chunkSize();
}
