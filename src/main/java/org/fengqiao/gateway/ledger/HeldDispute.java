package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.gateway.canonical.DisputeStatus;

/** A dispute as handling sees it, read under a row lock inside a ledger transaction. */
public record HeldDispute(String disputeId, DisputeStatus status, String handlerId, List<String> coHandlerIds,
        String sourceSystem, String sourceRecordId, String countyCode, String townshipCode,
        OffsetDateTime dueAt, String document) {

    public boolean heldBy(String handler) {
        return handlerId.equals(handler);
    }

    public boolean coHeldBy(String handler) {
        return coHandlerIds.contains(handler);
    }
}
