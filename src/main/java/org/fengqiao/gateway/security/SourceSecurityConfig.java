package org.fengqiao.gateway.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

        /** The endpoint path segment, e.g. hotline for /api/v1/sources/hotline/... */
        String path();

        /** {@code hmac} or {@code api-key}. */
        @WithDefault("hmac")
        String mode();

        /**
         * The HMAC secret (mode hmac) or the API key (mode api-key). Empty means not set: the start
         * stops naming the key (config.StartChecks), so no request is ever checked against it; a
         * default rather than Optional keeps one message for every missing secret instead of the
         * mapping's own error per key.
         */
        @WithDefault("")
        String secret();

        Optional<String> description();
    }
}
