package org.fengqiao.gateway.ledger;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The ledger's PostgreSQL database; unset URL: the embedded H2 file under the data folder. */
@ConfigMapping(prefix = "gateway.db")
public interface DatabaseConfig {

    /** jdbc:postgresql://host:5432/db */
    Optional<String> url();

    @WithDefault("fengqiao")
    String user();

    Optional<String> password();
}
