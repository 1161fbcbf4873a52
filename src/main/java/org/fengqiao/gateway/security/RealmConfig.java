package org.fengqiao.gateway.security;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The staff realm's passwords (also the embedded broker's users). Secrets: in prod every one must be
 * set (config.ProductionSecrets); dev, test and local fall back to the development password dev-<id>.
 */
@ConfigMapping(prefix = "gateway")
public interface RealmConfig {

    Operator operator();

    /** By handler id. */
    Map<String, Handler> handlers();

    interface Operator {
        /** The operator user's password. */
        Optional<String> password();
    }

    interface Handler {
        /** The handler's password (Basic sign-in, its broker user). */
        Optional<String> password();
    }
}
