package org.fengqiao.gateway.intake;

/** The answer to a pushed case: its dispute id, its status, and whether this request created it. */
public record IntakeOutcome(String disputeId, String status, boolean created) {
}
