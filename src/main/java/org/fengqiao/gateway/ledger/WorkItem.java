package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;
import java.util.List;

import org.fengqiao.gateway.canonical.RiskLevel;

/**
 * One line of a handler's open work, as the staff console lists it: the inbox line and what the
 * canonical document adds to pick the most pressing item (its risk, whether another source reported
 * the same matter, its village, when it was handed over). No personal data beyond the inbox's title.
 *
 * @param dispatchedAt when the current handler was given it: the start of the time it has
 * @param linked whether the dispute is linked to another source's report of the same matter
 */
public record WorkItem(InboxItem item, RiskLevel riskLevel, List<String> riskFlags, boolean linked,
        String villageCode, OffsetDateTime dispatchedAt) {
}
