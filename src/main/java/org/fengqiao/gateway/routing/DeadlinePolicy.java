package org.fengqiao.gateway.routing;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.fengqiao.gateway.canonical.Urgency;

/**
 * Sign-by and resolve-by for a new dispute: the source's own deadline when it gives one, otherwise
 * the configured defaults per urgency (calendar time; working-day calendars come with supervision).
 */
@ApplicationScoped
public class DeadlinePolicy {

    @ConfigProperty(name = "gateway.deadline.sign-within")
    Duration signWithin;
    @ConfigProperty(name = "gateway.deadline.sign-within-urgent")
    Duration signWithinUrgent;
    @ConfigProperty(name = "gateway.deadline.resolve-within")
    Period resolveWithin;
    @ConfigProperty(name = "gateway.deadline.resolve-within-urgent")
    Period resolveWithinUrgent;

    public record Deadlines(OffsetDateTime signBy, OffsetDateTime dueAt) {
    }

    public Deadlines deadlines(OffsetDateTime dispatchedAt, Urgency urgency, OffsetDateTime sourceDueAt) {
        boolean urgent = urgency == Urgency.URGENT;
        OffsetDateTime due = sourceDueAt != null ? sourceDueAt
                : dispatchedAt.plus(urgent ? resolveWithinUrgent : resolveWithin);
        OffsetDateTime signBy = dispatchedAt.plus(urgent ? signWithinUrgent : signWithin);
        return new Deadlines(signBy.isAfter(due) ? due : signBy, due);
    }
}
