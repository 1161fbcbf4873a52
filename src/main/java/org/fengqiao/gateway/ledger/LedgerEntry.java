package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.fengqiao.gateway.canonical.DisputeStatus;

/**
 * A dispute as the ledger knows it: the canonical document (decrypted), its current status, its
 * history, and who holds it (holder and co-holders, for deciding who may see personal data).
 */
public record LedgerEntry(String disputeId, DisputeStatus status, String document, List<HistoryEntry> history,
        String handlerId, List<String> coHandlerIds) {

    public boolean heldBy(String handler) {
        return handler != null && (handler.equals(handlerId) || coHandlerIds.contains(handler));
    }

    /**
     * @param actor the handler (or system: a source, {@code gateway}) that acted
     * @param person the person who acted for it: the signed-in member of staff, or the person a
     *        township's system named on its event; absent for the gateway's own acts
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(String event, String status, OffsetDateTime at, String actor, String handlerId,
            String reason, String detail, String person) {
    }
}
