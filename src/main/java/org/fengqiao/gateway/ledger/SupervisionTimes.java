package org.fengqiao.gateway.ledger;

import java.time.OffsetDateTime;

/** When supervision reminds the holder of a dispute, and when it escalates it (stored with the dispute). */
public record SupervisionTimes(OffsetDateTime remindAt, OffsetDateTime escalateAt) {
}
