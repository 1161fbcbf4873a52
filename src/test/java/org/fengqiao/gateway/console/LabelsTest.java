package org.fengqiao.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.fengqiao.gateway.canonical.DisputeStatus;
import org.fengqiao.gateway.ledger.HistoryKind;
import org.junit.jupiter.api.Test;

/** A person reads every status and every timeline entry in Chinese, never a code. */
class LabelsTest {

    @Test
    void everyStatusAndEveryTimelineEntryHasAChineseName() {
        for (DisputeStatus status : DisputeStatus.values()) {
            assertThat(Labels.status(status)).as(status.name()).isNotEqualTo(status.name());
        }
        for (HistoryKind kind : HistoryKind.values()) {
            assertThat(Labels.event(kind.name())).as(kind.name()).isNotEqualTo(kind.name());
        }
    }
}
