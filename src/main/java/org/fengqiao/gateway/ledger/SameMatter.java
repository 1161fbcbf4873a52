package org.fengqiao.gateway.ledger;

/** An earlier dispute from another source about the same matter: same township, a shared party. */
public record SameMatter(String disputeId, String sourceSystem, String handlerId) {
}
