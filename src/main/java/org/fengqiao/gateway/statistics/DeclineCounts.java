package org.fengqiao.gateway.statistics;

/** The counts the "three declines" (三下降) track for one month of one area. */
public record DeclineCounts(long petitionItems, long repeatPetitions, long disputes, Double disputesPer10k) {
}
