package org.fengqiao.gateway.canonical;

/**
 * What a handler reports about a dispute it holds (docs/contracts.md §Handlers: messages and
 * events).
 */
public enum EventType {
    /** 签收: the handler has taken the item. */
    SIGNED,
    /** 办理中: a progress note. */
    PROGRESS,
    /** 办结: outcome and, if any, the agreement text. */
    RESOLVED,
    /** 延期申请: more days, with a reason; the deadline moves only when the county centre approves. */
    EXTENSION_REQUESTED,
    /** 批准延期: the county (or city) centre grants the waiting request, all its days or fewer. */
    EXTENSION_APPROVED,
    /** 不批准延期: the county (or city) centre refuses the waiting request, with a reason. */
    EXTENSION_REFUSED,
    /** 退单: not ours, with a reason; the gateway routes it elsewhere. */
    RETURNED,
    /** 改派: the county triage desk sends the item to a handler of its choice. */
    REASSIGNED,
    /** 不予受理: the county triage desk finds it is not a matter for the centre, with a reason. */
    REJECTED,
    /**
     * 督办: the county (or city) centre presses the holder with a message of its own; the state stays,
     * the notice goes to the holder and co-holders like the automatic supervision's.
     */
    SUPERVISED
}
