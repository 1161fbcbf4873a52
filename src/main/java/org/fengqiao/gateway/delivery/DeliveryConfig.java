package org.fengqiao.gateway.delivery;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The outbox relay and the group commit of new disputes. */
@ConfigMapping(prefix = "gateway.delivery")
public interface DeliveryConfig {

    /** How often the relay looks for deliveries not confirmed (a scheduler interval, or off). */
    String relayInterval();

    /** How long a delivery may stay unconfirmed before the relay re-sends it. */
    Duration relayGrace();

    GroupCommit groupCommit();

    interface GroupCommit {
        /** Groups written at once; unset: 1 on the embedded ledger, 2 on PostgreSQL. */
        Optional<Integer> writers();

        /** Disputes in one group. */
        int maxSize();

        /** How long a request waits for its group before 503. */
        @WithName("wait")
        Duration maxWait();

        /** Disputes waiting for a group beyond which a request is answered 503 at once. */
        int maxWaiting();
    }
}
