package org.fengqiao.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The replay window's memory of nonces, on a clock the test moves (no waiting). */
class SeenNoncesTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    @Test
    void aNonceIsRefusedAgainUntilItsTimestampLeavesTheWindowThenForgotten() {
        SeenNonces seen = new SeenNonces(WINDOW);
        Instant until = T0.plus(WINDOW);

        assertThat(seen.firstTime(42, until, T0)).isTrue();
        assertThat(seen.firstTime(42, until, T0.plusSeconds(1))).as("the same nonce again").isFalse();
        assertThat(seen.firstTime(43, until, T0.plusSeconds(1))).as("another nonce").isTrue();
        // Sent again later with another timestamp (a new signature): still the same nonce.
        assertThat(seen.firstTime(42, until.plusSeconds(100), T0.plusSeconds(100))).isFalse();
        assertThat(seen.firstTime(42, until, until)).as("at the edge of the window, within the slack").isFalse();

        // Once its time and the slack and its slice have passed, the set is let go.
        Instant later = until.plus(WINDOW.dividedBy(16)).plusSeconds(2);
        assertThat(seen.firstTime(7, later.plus(WINDOW), later)).isTrue();
        assertThat(seen.size()).as("only the nonce just seen").isEqualTo(1);
        assertThat(seen.firstTime(42, later.plus(WINDOW), later)).as("forgotten: the timestamp check refuses it")
                .isTrue();
    }

    @Test
    void negativeKeysAreKeptToo() {
        SeenNonces seen = new SeenNonces(WINDOW);
        assertThat(seen.firstTime(-5, T0.plus(WINDOW), T0)).isTrue();
        assertThat(seen.firstTime(-5, T0.plus(WINDOW), T0)).isFalse();
    }

    @Test
    void ofTwoRequestsWithTheSameNonceAtOnceOneIsRefused() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                SeenNonces seen = new SeenNonces(WINDOW);
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger first = new AtomicInteger();
                Future<?>[] running = new Future<?>[4];
                for (int t = 0; t < running.length; t++) {
                    running[t] = threads.submit(() -> {
                        start.await();
                        if (seen.firstTime(99, T0.plus(WINDOW), T0)) {
                            first.incrementAndGet();
                        }
                        return null;
                    });
                }
                start.countDown();
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(first).as("round %d", round).hasValue(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
