package org.fengqiao.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.activemq.artemis.utils.collections.ConcurrentLongHashSet;

/**
 * The nonces of the replay window, each kept until its request's timestamp leaves the window (after
 * that the timestamp check refuses a replay anyway). They are 64-bit keys in sets of primitive longs,
 * one set per slice of time (a sixteenth of the window) by when its keys may go, and a slice is let go
 * whole once its last key may: 15 to 22 bytes of heap per nonce (measured) instead of 115 in a cache of boxed keys
 * and expiry times (BENCHMARKS.md), and no work per nonce to expire it. At a few hundred requests a
 * second the window holds about 100,000.
 *
 * <p>The sets are the broker's own (artemis-commons), already in the gateway; the JDK has no set of
 * primitive longs.
 */
final class SeenNonces {

    private static final int SLICES = 16;
    /** The timestamp was checked against a clock read a moment before. */
    private static final long SLACK_MILLIS = 1_000;

    private final long sliceMillis;
    /** By slice number: the keys whose time to go is in [number × sliceMillis, (number + 1) × sliceMillis). */
    private final ConcurrentSkipListMap<Long, ConcurrentLongHashSet> slices = new ConcurrentSkipListMap<>();

    SeenNonces(Duration window) {
        sliceMillis = Math.max(1_000, window.toMillis() / SLICES);
    }

    /**
     * Remembers the key until {@code until} and says whether this is the first time it was seen. Two
     * requests with the same nonce and timestamp at the same moment meet in one set, whose add is
     * atomic: one of them is refused.
     */
    boolean firstTime(long key, Instant until, Instant now) {
        slices.headMap(Math.floorDiv(now.toEpochMilli() - SLACK_MILLIS, sliceMillis)).clear();
        long kept = key & Long.MAX_VALUE; // the sets hold values from 0 up
        long slice = Math.floorDiv(until.toEpochMilli(), sliceMillis);
        for (Map.Entry<Long, ConcurrentLongHashSet> other : slices.entrySet()) {
            if (other.getKey() != slice && other.getValue().contains(kept)) {
                return false;
            }
        }
        return slices.computeIfAbsent(slice, s -> new ConcurrentLongHashSet()).add(kept);
    }

    /** Lets go of a key remembered until {@code until} (its request was not taken after all). */
    void forget(long key, Instant until) {
        ConcurrentLongHashSet set = slices.get(Math.floorDiv(until.toEpochMilli(), sliceMillis));
        if (set != null) {
            set.remove(key & Long.MAX_VALUE);
        }
    }

    /** Nonces held now. */
    long size() {
        return slices.values().stream().mapToLong(ConcurrentLongHashSet::size).sum();
    }
}
