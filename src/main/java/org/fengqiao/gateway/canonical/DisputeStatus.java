package org.fengqiao.gateway.canonical;

/** Lifecycle of a dispute; extension (延期) and supervision (督办) are flags with history, not states. */
public enum DisputeStatus {
    RECEIVED, DISPATCHED, SIGNED, IN_PROGRESS, RESOLVED, FEEDBACK_SENT, EVALUATED, CLOSED,
    RETURNED, ESCALATED, REOPENED, MERGED, REJECTED
}
