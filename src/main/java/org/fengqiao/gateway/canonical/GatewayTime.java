package org.fengqiao.gateway.canonical;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The gateway's time: canonical timestamps carry the +08:00 offset, and sources that send times
 * without an offset mean Asia/Shanghai local time. The clock is a bean so deadline tests can
 * replace it instead of sleeping.
 */
@ApplicationScoped
public class GatewayTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.system(ZONE);
    }

    /** Now, to the millisecond: what the ledger stores and what handlers see are the same instant. */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).atZoneSameInstant(ZONE).toOffsetDateTime().truncatedTo(ChronoUnit.MILLIS);
    }

    public static OffsetDateTime inZone(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(ZONE).toOffsetDateTime();
    }
}
