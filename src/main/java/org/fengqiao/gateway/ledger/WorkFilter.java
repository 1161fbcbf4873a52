package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;

/**
 * What narrows a handler's work list beyond its statuses, applied in the ledger's query so the list's
 * limit counts only matching items. Each part is optional (null: not narrowed).
 *
 * @param categoryCode the canonical category's name
 * @param sourceSystem the source's system id
 * @param overdueAt only items whose deadline passed before it (now, for 已超期)
 * @param receivedFrom only items received at or after it
 * @param receivedBefore only items received before it
 */
public record WorkFilter(String categoryCode, String sourceSystem, OffsetDateTime overdueAt,
        OffsetDateTime receivedFrom, OffsetDateTime receivedBefore) {

    public static final WorkFilter NONE = new WorkFilter(null, null, null, null, null);
}
