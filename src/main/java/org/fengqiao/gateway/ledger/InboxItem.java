package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.fengqiao.gateway.canonical.DisputeStatus;

/**
 * One line of a handler's inbox: enough to pick the item, no personal data. {@code role}: HANDLER when
 * the inbox's handler holds the dispute, CO_HANDLER when it co-holds it (after escalation to the
 * joint task force, the township stays on it: it may report progress, the task force resolves).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxItem(String disputeId, DisputeStatus status, String sourceSystem, String categoryCode, String urgency,
        String title, String townshipCode, OffsetDateTime receivedAt, OffsetDateTime dueAt, String role) {
}
