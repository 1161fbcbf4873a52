package org.fengqiao.gateway.security;

import java.sql.SQLException;
import java.time.Instant;

/**
 * Where the nonces of signed requests are remembered beyond one process: the ledger
 * (ledger.SeenNonceLedger), so that they survive a restart and every instance on one ledger shares
 * them. An interface here so that the security package does not depend on the ledger, which depends
 * on it.
 */
public interface SeenNonceStore {

    /**
     * Remembers the key of a source's nonce until {@code until} and says whether it is the first time
     * it was seen (a key remembered only until before {@code now} counts as not seen). Decided
     * atomically: of two requests with the same nonce, on one instance or two, one is told false.
     */
    boolean firstTime(String source, long key, Instant until, Instant now) throws SQLException;
}
