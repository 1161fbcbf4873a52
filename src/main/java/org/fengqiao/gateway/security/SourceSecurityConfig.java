package org.fengqiao.gateway.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Each source system's credential. A source is recognised by the path segment of its endpoints
 * ({@code /api/v1/sources/<path>/...}) and proves itself with an HMAC-SHA256 signature over a
 * timestamp and the body, or with an API key.
 */
@ConfigMapping(prefix = "gateway.security")
public interface SourceSecurityConfig {

    /** How old (or how far in the future) a signed request's timestamp may be. */
    @WithDefault("PT5M")
    Duration replayWindow();

    /** At most one summary line per source and reason this often in the refusal log (security.Refusals). */
    @WithDefault("60s")
    Duration refusalLogInterval();

    /** How often the ledger's nonces past the replay window are deleted (ledger.SeenNonceLedger). */
    @WithDefault("60s")
    Duration nonceCleanupInterval();

    /** By source system id (HOTLINE_12345, ...). */
    Map<String, SourceCredential> sources();

    interface SourceCredential {

        /**
         * The endpoint path segment, e.g. hotline for /api/v1/sources/hotline/... Empty only on the
         * stray entry an environment variable adds when its source id holds a _
         * (GATEWAY_SECURITY_SOURCES__HOTLINE_12345__SECRET also reads as source hotline.12345): such
         * an entry serves no endpoint, while the variable still sets the real source's secret. Read
         * as optional: an empty default would count as no value, and the stray entry would stop the start.
         */
        default String path() {
            return configuredPath().orElse("");
        }

        /** The endpoint path segment as configured; see {@link #path()}. */
        @WithName("path")
        Optional<String> configuredPath();

        /** {@code hmac} or {@code api-key}. */
        @WithDefault("hmac")
        String mode();

        /** The HMAC secret (mode hmac) or the API key (mode api-key); a secret, checked at start (startup.StartChecks). */
        @WithName("secret")
        Optional<String> configuredSecret();

        /** The secret, or empty when unset: the start stops before any request is checked against it. */
        default String secret() {
            return configuredSecret().orElse("");
        }

        Optional<String> description();
    }
}
