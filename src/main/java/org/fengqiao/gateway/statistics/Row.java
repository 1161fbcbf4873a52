package org.fengqiao.gateway.statistics;

/** One row of a breakdown: its key (code, id or yyyy-MM), its Chinese label and its figures. */
public record Row(String key, String label, Figures figures) {
}
