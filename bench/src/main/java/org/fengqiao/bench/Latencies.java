package org.fengqiao.bench;

import java.util.Map;

import org.HdrHistogram.Histogram;

/** End-to-end times: joins when each case was sent (or due) with when it arrived on a handler queue. */
final class Latencies {

    private Latencies() {
    }

    static Histogram histogram() {
        // 1 µs .. 2 min, 3 significant digits.
        return new Histogram(120_000_000_000L, 3);
    }

    /** For times the HTTP client's threads record as answers come in. */
    static Histogram concurrentHistogram() {
        return new org.HdrHistogram.ConcurrentHistogram(120_000_000_000L, 3);
    }

    static void record(Histogram into, long fromNanos, long toNanos) {
        into.recordValue(Math.max(1, (toNanos - fromNanos) / 1_000));
    }

    /**
     * Waits (up to a minute) for every sent case to arrive, then records each one's time in
     * microseconds. @return how many never arrived
     */
    static long join(Map<String, Long> sent, Map<String, Long> arrivals, Histogram into) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && !arrivals.keySet().containsAll(sent.keySet())) {
            Thread.sleep(50);
        }
        long missing = 0;
        for (Map.Entry<String, Long> entry : sent.entrySet()) {
            Long arrived = arrivals.get(entry.getKey());
            if (arrived == null) {
                missing++;
            } else {
                record(into, entry.getValue(), arrived);
            }
        }
        return missing;
    }

    static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
