package org.fengqiao.gateway.statistics;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.gateway.canonical.GatewayTime;

/**
 * One dispute's row of {@code statistics_fact}, made from its ledger row and its whole history: the
 * definitions of {@link Definitions} applied to one dispute. The same row and history give the same
 * facts, whichever instance makes them and however often.
 */
record Facts(String disputeId, String countyCode, String townshipCode, String categoryCode, String sourceSystem,
        String handlerId, OffsetDateTime receivedAt, LocalDate receivedOn, String receivedMonth, boolean dispatched,
        boolean signed, boolean signedOnTime, OffsetDateTime signBy, boolean resolved, boolean resolvedOnTime,
        boolean mediationConcluded, boolean mediated, boolean returned, boolean extended, boolean escalated,
        boolean reopened, boolean evaluated, boolean satisfied, Double handlingHours, boolean courtCase,
        boolean courtPreLitigation, boolean petition, boolean repeatPetition) {

    /** One timeline entry: its event (ledger.HistoryKind by name) and when. */
    record Event(String event, OffsetDateTime at) {
    }

    static Facts of(String disputeId, String countyCode, String townshipCode, String categoryCode,
            String sourceSystem, String handlerId, OffsetDateTime receivedAt, OffsetDateTime dueAt, String outcome,
            OffsetDateTime signBy, List<Event> history, String courtSource, String petitionSource,
            boolean repeatPetition) {
        boolean dispatched = false;
        boolean returned = false;
        boolean extended = false;
        boolean escalated = false;
        boolean reopened = false;
        OffsetDateTime firstSigned = null;
        OffsetDateTime resolvedAt = null;
        Boolean satisfied = null;
        for (Event e : history) {
            switch (e.event()) {
                case "DISPATCHED" -> dispatched = true;
                case "SIGNED" -> firstSigned = firstSigned == null ? e.at() : firstSigned;
                case "RESOLVED" -> resolvedAt = e.at();
                case "RETURNED" -> returned = true;
                case "EXTENSION_APPROVED" -> extended = true;
                case "ESCALATED" -> escalated = true;
                // Only a dissatisfied evaluation reopens: the resolution before it no longer counts.
                case "REOPENED" -> {
                    reopened = true;
                    resolvedAt = null;
                    satisfied = false;
                }
                case "EVALUATED" -> satisfied = true;
                default -> {
                    // progress, reminders, supervision, feedback, closing: no figure counts them
                }
            }
        }
        boolean signed = firstSigned != null;
        boolean resolved = resolvedAt != null;
        boolean mediated = resolved && "MEDIATED".equals(outcome);
        boolean court = resolved && courtSource.equals(sourceSystem);
        LocalDate day = GatewayTime.inZone(receivedAt).toLocalDate();
        return new Facts(disputeId, countyCode, townshipCode, categoryCode, sourceSystem, handlerId, receivedAt, day,
                month(day), dispatched, signed, signed && signBy != null && !firstSigned.isAfter(signBy), signBy,
                resolved, resolved && dueAt != null && !resolvedAt.isAfter(dueAt),
                resolved && ("MEDIATED".equals(outcome) || "FAILED".equals(outcome)), mediated, returned, extended,
                escalated, reopened, satisfied != null, Boolean.TRUE.equals(satisfied),
                resolved ? Duration.between(receivedAt, resolvedAt).toSeconds() / 3600.0 : null, court,
                court && mediated, petitionSource.equals(sourceSystem),
                petitionSource.equals(sourceSystem) && repeatPetition);
    }

    static String month(LocalDate day) {
        return String.format("%04d-%02d", day.getYear(), day.getMonthValue());
    }
}
