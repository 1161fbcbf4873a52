package org.fengqiao.gateway.privacy;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Keys of personal data in the ledger. Secrets: the development values live only in the dev, test
 * and local profiles; a start without them stops naming the keys (config.ProductionSecrets).
 */
@ConfigMapping(prefix = "gateway.pii")
public interface PiiConfig {

    /** Key of the keyed hashes of ID numbers (finding the same person across disputes). */
    Optional<String> indexKey();

    /** {@code <id>:<base64 of 32 bytes>}, comma-separated (AES-256-GCM). */
    Optional<List<String>> keys();

    /** The id of the key new values are written under. */
    Optional<String> activeKey();
}
