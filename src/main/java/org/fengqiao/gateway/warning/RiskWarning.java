package org.fengqiao.gateway.warning;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A risk warning (预警) as the ledger holds it, for reading: the rule that raised it, its subject
 * (masked, never clear personal data), where it belongs, the disputes that caused it and whether a
 * centre has acknowledged it.
 */
public record RiskWarning(long id, String ruleId, String ruleName, String subject, String countyCode,
        String townshipCode, OffsetDateTime raisedAt, List<String> disputeIds, String status,
        String acknowledgedBy, OffsetDateTime acknowledgedAt, String note) {

    public RiskWarning {
        disputeIds = disputeIds == null ? List.of() : List.copyOf(disputeIds);
    }
}
