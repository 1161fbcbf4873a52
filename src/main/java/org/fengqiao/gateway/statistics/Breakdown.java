package org.fengqiao.gateway.statistics;

/** The dimension an overview is broken down by. */
public enum Breakdown {
    TOWNSHIP, CATEGORY, SOURCE, HANDLER, MONTH
}
