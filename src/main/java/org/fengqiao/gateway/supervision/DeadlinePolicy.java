package org.fengqiao.gateway.supervision;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.Urgency;
import org.fengqiao.gateway.config.ConfigFiles;

/**
 * Deadlines per source and urgency from {@code config/deadline-policy.yaml}, in working days of
 * {@code config/calendar.yaml} or calendar days as each source's rules count, with the source's own
 * deadline winning; and from the deadline, when to remind and when to escalate.
 */
@ApplicationScoped
public class DeadlinePolicy {

    static final String FILE = "deadline-policy.yaml";
    static final String CALENDAR_FILE = "calendar.yaml";

    @Inject
    ConfigFiles files;

    private PolicyFile policy;
    private WorkingCalendar calendar;

    public record Rule(Integer signWithinHours, Integer resolveWithinWorkingDays, Integer resolveWithinDays) {
    }

    public record SupervisionRule(double reminderAtShare, int escalateAfterWorkingDays) {
    }

    public record PolicyFile(Map<Urgency, Rule> defaults, Map<String, Map<Urgency, Rule>> sources,
            SupervisionRule supervision) {
    }

    public record CalendarFile(List<LocalDate> holidays, List<LocalDate> makeUpWorkdays) {
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
            throw new IllegalStateException(FILE + " needs defaults for NORMAL and URGENT and a supervision section");
        }
        CalendarFile days = files.readYaml(CALENDAR_FILE, CalendarFile.class);
        calendar = new WorkingCalendar(days.holidays() == null ? List.of() : days.holidays(),
                days.makeUpWorkdays() == null ? List.of() : days.makeUpWorkdays());
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
