package org.fengqiao.gateway.jurisdiction;

/**
 * One option of an ambiguous address: a township, or a village with the township it belongs to.
 * For a township candidate {@code townshipCode} equals {@code code}.
 */
public record Candidate(String code, String name, Division.Level level, String countyCode,
                        String townshipCode, String townshipName) {
}
