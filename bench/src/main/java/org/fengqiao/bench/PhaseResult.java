package org.fengqiao.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured window of one phase: how many cases (or messages) per second completed, and the
 * end-to-end times of those sent in the window (milliseconds), and the CPU milliseconds the gateway's
 * process, the bench's own and the whole machine spent per completed item, and the kilobytes the
 * gateway's process wrote towards the disk per completed item.
 */
record PhaseResult(double perSecond, long completed, long refused, long errors, long missing, long duplicates,
        double p50, double p99, double p999, double max, double gatewayCpuMs, double benchCpuMs,
        double machineCpuMs, double gatewayWrittenKb) {

    static PhaseResult of(double perSecond, long completed, long refused, long errors, long missing, long duplicates,
            Histogram latency, CostWindow cost) {
        return new PhaseResult(perSecond, completed, refused, errors, missing, duplicates,
                Latencies.ms(latency, 50), Latencies.ms(latency, 99), Latencies.ms(latency, 99.9),
                latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0,
                cost.gatewayMsPer(completed), cost.benchMsPer(completed), cost.machineMsPer(completed),
                cost.gatewayWrittenKbPer(completed));
    }
}
