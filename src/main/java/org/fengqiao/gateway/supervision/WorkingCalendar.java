package org.fengqiao.gateway.supervision;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Set;

import org.fengqiao.gateway.canonical.GatewayTime;

/**
 * Working days: Monday to Friday, less public holidays, plus make-up working days (调休) on
 * weekends. Counting N working days from a moment gives the same time of day on the N-th working
 * day after it.
 */
public final class WorkingCalendar {

    private final Set<LocalDate> holidays;
    private final Set<LocalDate> makeUpWorkdays;
    private final Set<Integer> years;

    public WorkingCalendar(Collection<LocalDate> holidays, Collection<LocalDate> makeUpWorkdays) {
        this(holidays, makeUpWorkdays, Set.of());
    }

    /** With the years whose official arrangement is known. */
    public WorkingCalendar(Collection<LocalDate> holidays, Collection<LocalDate> makeUpWorkdays,
            Collection<Integer> years) {
        this.holidays = Set.copyOf(holidays);
        this.makeUpWorkdays = Set.copyOf(makeUpWorkdays);
        this.years = Set.copyOf(years);
    }

    /** Whether the calendar holds the official arrangement of a year. */
    public boolean hasYear(int year) {
        return years.contains(year);
    }

    /** The moment itself on a working day; else the same time of day on the next working day. */
    public OffsetDateTime onWorkingDay(OffsetDateTime at) {
        OffsetDateTime day = GatewayTime.inZone(at);
        while (!isWorkingDay(day.toLocalDate())) {
            day = day.plusDays(1);
        }
        return day;
    }

    public boolean isWorkingDay(LocalDate day) {
        if (makeUpWorkdays.contains(day)) {
            return true;
        }
        if (holidays.contains(day)) {
            return false;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    public OffsetDateTime plusWorkingDays(OffsetDateTime from, int days) {
        OffsetDateTime at = GatewayTime.inZone(from);
        int counted = 0;
        while (counted < days) {
            at = at.plusDays(1);
            if (isWorkingDay(at.toLocalDate())) {
                counted++;
            }
        }
        return at;
    }
}
