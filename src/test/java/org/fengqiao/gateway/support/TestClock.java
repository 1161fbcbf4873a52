package org.fengqiao.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.fengqiao.gateway.canonical.GatewayTime;

/**
 * The gateway's clock in tests: the real time plus an offset the test moves forward, so deadlines,
 * back-off and leases are shown without sleeping. Replaces the production clock bean for every
 * Quarkus test (an alternative in the test sources needs no test profile).
 */
public final class TestClock extends Clock {

    /**
     * Where the clock starts: now, or as many days ahead as {@code fengqiao.test-clock.days-ahead}
     * says, to run the whole suite as it will run on a later day (fixtures must not age).
     */
    private static volatile Duration offset = Duration.ofDays(Long.getLong("fengqiao.test-clock.days-ahead", 0));

    public static void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Moves the clock forward to this time; never back, if other tests have moved it past it already. */
    public static void moveTo(OffsetDateTime when) {
        Duration ahead = Duration.between(OffsetDateTime.now(new TestClock()), when);
        if (!ahead.isNegative()) {
            advance(ahead);
        }
    }

    @Override
    public ZoneId getZone() {
        return GatewayTime.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    /** Installs the test clock in place of the production one. */
    public static class Producer {

        @Produces
        @Singleton
        @Alternative
        @Priority(100)
        Clock clock() {
            return new TestClock();
        }
    }
}
