package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A dispute as the ledger knows it: the canonical document, its current status and its history. */
public record LedgerEntry(String disputeId, String status, String document, List<HistoryEntry> history) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(String event, String status, OffsetDateTime at, String actor, String handlerId,
            String reason, String detail) {
    }
}
