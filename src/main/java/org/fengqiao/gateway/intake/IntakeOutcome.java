package org.fengqiao.gateway.intake;

import org.fengqiao.gateway.canonical.DisputeStatus;

/** The answer to a pushed case: its dispute id, its status, and whether this request created it. */
public record IntakeOutcome(String disputeId, DisputeStatus status, boolean created) {
}
