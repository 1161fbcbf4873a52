package org.fengqiao.gateway.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    // A made-up week: not real holiday dates, which the project does not ship.
    final WorkingCalendar calendar = new WorkingCalendar(
            List.of(LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-03")),
            List.of(LocalDate.parse("2026-12-05")));

    @Test
    void weekendsHolidaysAndMakeUpDays() {
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-11-30"))).isTrue();   // Monday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-11-29"))).isFalse();  // Sunday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-12-02"))).isFalse();  // holiday on a Wednesday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-12-05"))).isTrue();   // make-up Saturday
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-12-06"))).isFalse();  // Sunday
    }

    @Test
    void countingWorkingDaysSkipsRestDaysAndKeepsTheTimeOfDay() {
        OffsetDateTime friday = OffsetDateTime.parse("2026-11-27T10:00:00+08:00");
        // Mon 30, Tue 1, (Wed 2, Thu 3 holidays), Fri 4, Sat 5 (make-up), (Sun 6), Mon 7
        assertThat(calendar.plusWorkingDays(friday, 1)).isEqualTo("2026-11-30T10:00:00+08:00");
        assertThat(calendar.plusWorkingDays(friday, 3)).isEqualTo("2026-12-04T10:00:00+08:00");
        assertThat(calendar.plusWorkingDays(friday, 4)).isEqualTo("2026-12-05T10:00:00+08:00");
        assertThat(calendar.plusWorkingDays(friday, 5)).isEqualTo("2026-12-07T10:00:00+08:00");
        assertThat(calendar.plusWorkingDays(OffsetDateTime.parse("2026-11-29T23:00:00+08:00"), 1))
                .isEqualTo("2026-11-30T23:00:00+08:00");
    }
}
