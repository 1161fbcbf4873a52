package org.fengqiao.gateway.statistics;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What an overview covers: a county (six digits, e.g. 330681) or a city over its counties (four
 * digits, e.g. 3306), disputes received from {@code from} to {@code to} inclusive by their
 * received date in Asia/Shanghai, optionally broken down.
 */
public record StatisticsQuery(String areaCode, LocalDate from, LocalDate to, Optional<Breakdown> by) {

    public StatisticsQuery {
        by = by == null ? Optional.empty() : by;
    }
}
