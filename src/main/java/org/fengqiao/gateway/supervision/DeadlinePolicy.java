package org.fengqiao.gateway.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.configuration.ConfigurationException;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.canonical.Urgency;
import org.jboss.logging.Logger;
import org.fengqiao.gateway.config.ConfigFiles;

/**
 * Deadlines per source and urgency from {@code config/deadline-policy.yaml}, in working days of
 * {@code config/calendar.yaml} or calendar days as each source's rules count, with the source's own
 * deadline winning; and from the deadline, when to remind and when to escalate.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a broken calendar or policy stops the start; a missing year is said at start
public class DeadlinePolicy {

    static final String FILE = "deadline-policy.yaml";
    static final String CALENDAR_FILE = "calendar.yaml";

    private static final Logger LOG = Logger.getLogger(DeadlinePolicy.class);

    @Inject
    ConfigFiles files;
    @Inject
    Clock clock;

    private PolicyFile policy;
    private WorkingCalendar calendar;

    public record Rule(Integer signWithinHours, Integer resolveWithinWorkingDays, Integer resolveWithinDays) {
    }

    public record SupervisionRule(double reminderAtShare, int escalateAfterWorkingDays) {
    }

    public record PolicyFile(Map<Urgency, Rule> defaults, Map<String, Map<Urgency, Rule>> sources,
            SupervisionRule supervision) {
    }

    /** One year of the official arrangement. */
    public record CalendarYear(List<LocalDate> holidays, List<LocalDate> makeUpWorkdays) {
    }

    public record CalendarFile(Map<Integer, CalendarYear> years) {
    }

    /** Sign-by and resolve-by of an assignment, and when supervision reminds and escalates. */
    public record Deadlines(OffsetDateTime signBy, OffsetDateTime dueAt, OffsetDateTime remindAt,
            OffsetDateTime escalateAt) {
    }

    @PostConstruct
    void load() {
        policy = files.readYaml(FILE, PolicyFile.class);
        if (policy.defaults() == null || policy.defaults().get(Urgency.NORMAL) == null
                || policy.defaults().get(Urgency.URGENT) == null || policy.supervision() == null) {
            throw new ConfigurationException(files.path(FILE)
                    + ": needs defaults for NORMAL and URGENT and a supervision section");
        }
        calendar = readCalendar(files);
        warnOfMissingYears(GatewayTime.now(clock).toLocalDate());
    }

    /** The calendar file's years, each date checked to lie in its year and to be either rest or work. */
    static WorkingCalendar readCalendar(ConfigFiles files) {
        CalendarFile file = files.readYaml(CALENDAR_FILE, CalendarFile.class);
        Map<Integer, CalendarYear> years = file.years() == null ? Map.of() : file.years();
        List<LocalDate> holidays = new ArrayList<>();
        List<LocalDate> makeUp = new ArrayList<>();
        for (var year : new TreeMap<>(years).entrySet()) {
            CalendarYear days = year.getValue() == null ? new CalendarYear(null, null) : year.getValue();
            List<LocalDate> rest = days.holidays() == null ? List.of() : days.holidays();
            List<LocalDate> work = days.makeUpWorkdays() == null ? List.of() : days.makeUpWorkdays();
            for (var entry : Map.of("holidays", rest, "makeUpWorkdays", work).entrySet()) {
                for (LocalDate day : entry.getValue()) {
                    if (day.getYear() != year.getKey()) {
                        throw new ConfigurationException(files.path(CALENDAR_FILE) + ": years." + year.getKey() + "."
                                + entry.getKey() + " = " + day + ": a date of " + year.getKey() + " is allowed there");
                    }
                }
            }
            for (LocalDate day : work) {
                if (rest.contains(day)) {
                    throw new ConfigurationException(files.path(CALENDAR_FILE) + ": years." + year.getKey()
                            + " = " + day + ": listed both as a holiday and as a make-up working day");
                }
            }
            holidays.addAll(rest);
            makeUp.addAll(work);
        }
        return new WorkingCalendar(holidays, makeUp, years.keySet());
    }

    /**
     * A year without its arrangement counts holidays as working days. The next year's is published
     * in November, so before December its absence is expected (INFO): a warning nobody can act on
     * would teach operators to ignore warnings.
     */
    void warnOfMissingYears(LocalDate today) {
        for (YearNotice notice : missingYears(today)) {
            LOG.log(notice.level(), notice.message());
        }
    }

    record YearNotice(Logger.Level level, String message) {
    }

    List<YearNotice> missingYears(LocalDate today) {
        List<YearNotice> notices = new ArrayList<>();
        int year = today.getYear();
        if (!calendar.hasYear(year)) {
            notices.add(new YearNotice(Logger.Level.WARN, String.format("Working calendar %s has no holidays for %d:"
                    + " deadlines count its public holidays as working days; add the year's official arrangement",
                    files.path(CALENDAR_FILE), year)));
        }
        if (!calendar.hasYear(year + 1)) {
            notices.add(new YearNotice(today.getMonthValue() == 12 ? Logger.Level.WARN : Logger.Level.INFO,
                    String.format("Working calendar %s has no holidays for %d yet: add the official arrangement"
                            + " when it is published", files.path(CALENDAR_FILE), year + 1)));
        }
        return notices;
    }

    public WorkingCalendar calendar() {
        return calendar;
    }

    public Deadlines deadlines(String sourceSystem, Urgency urgency, OffsetDateTime dispatchedAt,
            OffsetDateTime sourceDueAt) {
        Rule rule = rule(sourceSystem, urgency);
        OffsetDateTime due = sourceDueAt;
        if (due == null) {
            due = rule.resolveWithinWorkingDays() != null
                    ? calendar.plusWorkingDays(dispatchedAt, rule.resolveWithinWorkingDays())
                    : dispatchedAt.plusDays(rule.resolveWithinDays() == null ? 15 : rule.resolveWithinDays());
        }
        OffsetDateTime signBy = dispatchedAt.plusHours(rule.signWithinHours() == null ? 24 : rule.signWithinHours());
        if (urgency != Urgency.URGENT) {
            // Nobody signs on a rest day: a sign-by that falls on one moves to the next working day,
            // same time. An urgent case is signed within its hours whatever the day (duty staff).
            signBy = calendar.onWorkingDay(signBy);
        }
        return supervised(dispatchedAt, signBy.isAfter(due) ? due : signBy, due);
    }

    /** The reminder and escalation times of an assignment with a given deadline. */
    public Deadlines supervised(OffsetDateTime dispatchedAt, OffsetDateTime signBy, OffsetDateTime dueAt) {
        Duration span = Duration.between(dispatchedAt, dueAt);
        OffsetDateTime remindAt = span.isNegative() ? dispatchedAt
                : dispatchedAt.plus(Duration.ofMillis((long) (span.toMillis() * policy.supervision().reminderAtShare())));
        OffsetDateTime escalateAt = calendar.plusWorkingDays(dueAt, policy.supervision().escalateAfterWorkingDays());
        return new Deadlines(signBy, dueAt, remindAt, escalateAt);
    }

    private Rule rule(String sourceSystem, Urgency urgency) {
        Map<Urgency, Rule> bySource = policy.sources() == null ? null : policy.sources().get(sourceSystem);
        Rule rule = bySource == null ? null : bySource.get(urgency);
        return rule != null ? rule : policy.defaults().get(urgency);
    }
}
