package org.fengqiao.gateway.intake.polling;

import java.sql.SQLException;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.ExchangeProperty;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.ledger.InstanceLeases;

/**
 * The single-active-poller lease of a polled source, in the ledger: with several gateway instances
 * only the holder reads the source; it renews the lease each round and between pages, and another
 * instance takes over once an unrenewed lease has expired.
 */
@ApplicationScoped
@Named("pollingLease")
public class PollingLease {

    @Inject
    InstanceLeases leases;
    @Inject
    Clock clock;

    /** The lease's name in the ledger for a source. */
    public static String of(String source) {
        return "poll:" + source;
    }

    /** Takes or renews the lease; false when another instance holds it. */
    public boolean hold(@ExchangeProperty(PollingRounds.ROUND) PollingRound round) throws SQLException {
        return leases.tryAcquire(of(round.source), round.instanceId, GatewayTime.now(clock), round.leaseTime);
    }

    /**
     * Renews the lease after a page, before the cursor moves, so a long catch-up keeps it. A round
     * that finds it lost (slower than the lease lasts, and another instance has taken over and reads
     * from the same cursor) neither moves the cursor nor reads on: moving it could set back a cursor
     * the new holder has already moved further, and every page read again is read twice.
     */
    public void renew(@ExchangeProperty(PollingRounds.ROUND) PollingRound round) throws SQLException {
        round.leaseHeld = hold(round);
    }
}
