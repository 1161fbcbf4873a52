package org.fengqiao.gateway.ledger;

import org.fengqiao.gateway.canonical.EventType;

/**
 * What a timeline entry records (the {@code event} column of a dispute's history): the gateway's own
 * acts, a source's, and every handler event under its own name. Stored and shown by name.
 */
public enum HistoryKind {
    RECEIVED, DISPATCHED, REMINDED, SUPERVISED, ESCALATED, FEEDBACK_SENT, EVALUATED, REOPENED, CLOSED,
    SIGNED, PROGRESS, RESOLVED, EXTENSION_REQUESTED, EXTENSION_APPROVED, EXTENSION_REFUSED, RETURNED, REASSIGNED,
    REJECTED,
    /**
     * A historical record taken in by a backfill, at the time its source received it (status after
     * it: RECEIVED). Not RECEIVED, so the warning rules that watch arrivals do not take years of
     * history for a storm of new cases; the history's later entries follow it.
     */
    BACKFILLED;

    /** The entry a handler's event leaves: the event's own name. */
    public static HistoryKind of(EventType type) {
        return valueOf(type.name());
    }
}
