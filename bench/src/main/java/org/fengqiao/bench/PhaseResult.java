package org.fengqiao.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured window of one phase: how many cases (or messages) per second completed, and the
 * end-to-end times of those sent in the window (milliseconds), and the CPU milliseconds the gateway's
 * process, the bench's own and the whole machine spent per completed item, and the kilobytes the
 * gateway's process wrote towards the disk per completed item. For the gateway's phases also the
 * time from sending a case to its 2xx answer (what the source waits for; the end-to-end time goes on
 * to the handler queue).
 */
record PhaseResult(double perSecond, long completed, long refused, long errors, long missing, long duplicates,
        double p50, double p99, double p999, double max, double gatewayCpuMs, double benchCpuMs,
        double machineCpuMs, double gatewayWrittenKb, double answerP50, double answerP99) {

    static PhaseResult of(double perSecond, long completed, long refused, long errors, long missing, long duplicates,
            Histogram latency, CostWindow cost) {
        return of(perSecond, completed, refused, errors, missing, duplicates, latency, null, cost);
    }

    static PhaseResult of(double perSecond, long completed, long refused, long errors, long missing, long duplicates,
            Histogram latency, Histogram answers, CostWindow cost) {
        return new PhaseResult(perSecond, completed, refused, errors, missing, duplicates,
                Latencies.ms(latency, 50), Latencies.ms(latency, 99), Latencies.ms(latency, 99.9),
                latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0,
                cost.gatewayMsPer(completed), cost.benchMsPer(completed), cost.machineMsPer(completed),
                cost.gatewayWrittenKbPer(completed),
                answers == null ? Double.NaN : Latencies.ms(answers, 50),
                answers == null ? Double.NaN : Latencies.ms(answers, 99));
    }
}
