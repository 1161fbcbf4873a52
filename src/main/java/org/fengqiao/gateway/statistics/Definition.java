package org.fengqiao.gateway.statistics;

/** How one figure is computed, in Chinese, so that every county computes it the same way. */
public record Definition(String figure, String nameZh, String numerator, String denominator, String counted) {
}
