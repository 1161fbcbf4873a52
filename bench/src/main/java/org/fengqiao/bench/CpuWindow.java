package org.fengqiao.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the gateway's process and the bench's own process spent in a measured window, read from
 * /proc (utime + stime). Per case it says what a case costs, which throughput alone cannot on a
 * machine shared with the load generator and with other tenants.
 */
final class CpuWindow {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common build. */
    private static final double SECONDS_PER_TICK = 0.01;

    private final long gatewayPid;
    private double gatewayAtStart;
    private double benchAtStart;
    private double gatewaySeconds = Double.NaN;
    private double benchSeconds = Double.NaN;

    CpuWindow(long gatewayPid) {
        this.gatewayPid = gatewayPid;
    }

    void begin() {
        gatewayAtStart = seconds(String.valueOf(gatewayPid));
        benchAtStart = seconds("self");
    }

    void end() {
        gatewaySeconds = seconds(String.valueOf(gatewayPid)) - gatewayAtStart;
        benchSeconds = seconds("self") - benchAtStart;
    }

    /** Milliseconds of gateway CPU per completed item in the window. */
    double gatewayMsPer(long completed) {
        return completed == 0 ? Double.NaN : 1000 * gatewaySeconds / completed;
    }

    /** Milliseconds of the bench's own CPU (load generator, consumers) per completed item. */
    double benchMsPer(long completed) {
        return completed == 0 ? Double.NaN : 1000 * benchSeconds / completed;
    }

    private static double seconds(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * SECONDS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
