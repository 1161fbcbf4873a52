package org.fengqiao.gateway.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.config.ConfigFiles;
import org.junit.jupiter.api.Test;

/** The shipped config/calendar.yaml and config/deadline-policy.yaml, as the gateway reads them. */
class ShippedCalendarTest {

    final ConfigFiles files = ConfigFiles.at("config");

    DeadlinePolicy policyAt(String now) {
        DeadlinePolicy policy = new DeadlinePolicy();
        policy.files = files;
        policy.clock = Clock.fixed(Instant.parse(now), GatewayTime.ZONE);
        policy.load();
        return policy;
    }

    @Test
    void theOfficial2026ArrangementIsShipped() {
        WorkingCalendar calendar = DeadlinePolicy.readCalendar(files);
        assertThat(calendar.hasYear(2026)).isTrue();
        assertThat(calendar.isWorkingDay(java.time.LocalDate.parse("2026-10-01"))).isFalse(); // 国庆, a Thursday
        assertThat(calendar.isWorkingDay(java.time.LocalDate.parse("2026-10-10"))).isTrue();  // 调休 Saturday
        assertThat(calendar.isWorkingDay(java.time.LocalDate.parse("2026-09-20"))).isTrue();  // 调休 Sunday
        assertThat(calendar.isWorkingDay(java.time.LocalDate.parse("2026-02-23"))).isFalse(); // 春节, a Monday
    }

    @Test
    void aSaturdayCaseIsToBeSignedOnTheNextWorkingDay() {
        DeadlinePolicy policy = policyAt("2026-12-05T02:00:00Z");
        // Saturday 28 November, 10:00: 24 hours later is a Sunday; Monday 30 November is the next working day.
        var deadlines = policy.deadlines("HOTLINE_12345", Urgency.NORMAL,
                OffsetDateTime.parse("2026-11-28T10:00:00+08:00"), null);
        assertThat(deadlines.signBy()).isEqualTo("2026-11-30T10:00:00+08:00");
        // Friday 9 October: 24 hours later is Saturday 10 October, a make-up working day (调休): it stays.
        deadlines = policy.deadlines("HOTLINE_12345", Urgency.NORMAL,
                OffsetDateTime.parse("2026-10-09T10:00:00+08:00"), null);
        assertThat(deadlines.signBy()).isEqualTo("2026-10-10T10:00:00+08:00");
        // Wednesday 30 September: 24 hours later is 国庆 (1-7 October); Thursday 8 October is the next working day.
        deadlines = policy.deadlines("HOTLINE_12345", Urgency.NORMAL,
                OffsetDateTime.parse("2026-09-30T10:00:00+08:00"), null);
        assertThat(deadlines.signBy()).isEqualTo("2026-10-08T10:00:00+08:00");
        // An urgent case is signed within its hours whatever the day.
        deadlines = policy.deadlines("HOTLINE_12345", Urgency.URGENT,
                OffsetDateTime.parse("2026-11-28T10:00:00+08:00"), null);
        assertThat(deadlines.signBy()).isEqualTo("2026-11-28T12:00:00+08:00");
    }

    @Test
    void theStartWarnsWhenTheNextYearIsMissingInDecember() {
        DeadlinePolicy policy = policyAt("2026-12-05T02:00:00Z");
        assertThat(policy.missingYears(LocalDate.parse("2026-12-05"))).singleElement()
                .satisfies(n -> assertThat(n.level()).isEqualTo(org.jboss.logging.Logger.Level.WARN))
                .satisfies(n -> assertThat(n.message()).contains("has no holidays for 2027 yet"));
        // Before December the next year's arrangement is not out yet: said, not warned.
        assertThat(policy.missingYears(LocalDate.parse("2026-06-05"))).singleElement()
                .satisfies(n -> assertThat(n.level()).isEqualTo(org.jboss.logging.Logger.Level.INFO));
        // A year under way without its arrangement is warned of at any time.
        assertThat(policy.missingYears(LocalDate.parse("2027-03-01")))
                .filteredOn(n -> n.level() == org.jboss.logging.Logger.Level.WARN)
                .extracting(DeadlinePolicy.YearNotice::message).anyMatch(m -> m.contains("has no holidays for 2027:"));
    }
}
