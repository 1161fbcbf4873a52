package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.junit.jupiter.api.Test;

class LedgerEntryTest {

    @Test
    void theHolderAndCoHoldersHoldTheDisputeNobodyElse() {
        // After escalation: the task force holds it, the township stays on as co-holder.
        var entry = new LedgerEntry("FQ2026112900000001", DisputeStatus.ESCALATED, "{}", List.of(), "330681-TASKFORCE",
                List.of("330681104"));
        assertThat(entry.heldBy("330681-TASKFORCE")).isTrue();
        assertThat(entry.heldBy("330681104")).isTrue();
        assertThat(entry.heldBy("330681109")).isFalse();
        assertThat(entry.heldBy("")).isFalse();
        assertThat(entry.heldBy(null)).isFalse();
    }
}
