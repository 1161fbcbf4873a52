package org.fengqiao.gateway.feedback;

import org.fengqiao.gateway.canonical.HandlerEvent;

/** The handler's outcome in the words the sources use for a handling result. */
public final class Outcomes {

    private Outcomes() {
    }

    /** 调解成功 / 调解未成功 / 申请人撤回, followed by the handler's note when there is one. */
    public static String describe(HandlerEvent resolved) {
        return resolved.outcome().displayName() + (resolved.note() == null ? "" : "：" + resolved.note());
    }

    /** An idempotency key per dispute, kind of call and moment: stable across every retry of that call. */
    public static String key(String disputeId, String kind, java.time.OffsetDateTime at) {
        return disputeId + ":" + kind + ":" + at.toInstant().toEpochMilli();
    }
}
