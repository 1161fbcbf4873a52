package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line of a handler's inbox: enough to pick the item, no personal data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxItem(String disputeId, String status, String sourceSystem, String categoryCode, String urgency,
        String title, String townshipCode, OffsetDateTime receivedAt, OffsetDateTime dueAt) {
}
