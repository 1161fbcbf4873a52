package org.fengqiao.gateway.statistics;

import java.time.YearMonth;

/** A month's decline counts against the previous month (环比) and the same month a year before (同比). */
public record Declines(String areaCode, YearMonth month, DeclineCounts current,
        DeclineCounts previousMonth, DeclineCounts sameMonthLastYear) {
}
