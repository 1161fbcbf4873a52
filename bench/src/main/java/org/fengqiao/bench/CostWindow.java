package org.fengqiao.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the items of a measured window cost: the CPU time of the gateway's process and of the bench's
 * own process (/proc, utime + stime), the whole machine's busy time (/proc/stat: every process of
 * this machine, a PostgreSQL ledger's included, and the kernel; not other tenants' time, which a
 * virtual machine sees as steal), and the bytes the gateway's process wrote towards the disk
 * (/proc/PID/io write_bytes: broker journal and embedded ledger together, which decide how hard the
 * journal's syncs compete with other writes). Per case it says what a case costs, which throughput
 * alone cannot on a machine shared with the load generator and with other tenants. Several gateway
 * instances count together; other processes of the set-up (an external broker pair, the ledger's
 * database connections) can be counted alongside, each group apart, asked for its processes at both
 * ends of the window so that one started within it counts too.
 */
final class CostWindow {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common build. */
    private static final double SECONDS_PER_TICK = 0.01;

    private final long[] gatewayPids;
    private final Map<String, Supplier<long[]>> alongside = new LinkedHashMap<>();
    private final Map<String, Map<Long, Double>> alongsideAtStart = new HashMap<>();
    private final Map<String, Double> alongsideSeconds = new HashMap<>();
    private double gatewayAtStart;
    private double benchAtStart;
    private double gatewaySeconds = Double.NaN;
    private double benchSeconds = Double.NaN;
    private double machineAtStart;
    private double machineSeconds = Double.NaN;
    private long writtenAtStart;
    private long written = -1;

    /** The gateway's process, or all the instances of the gateway together. */
    CostWindow(long... gatewayPids) {
        this.gatewayPids = gatewayPids.clone();
    }

    /** Also counts the CPU of a group of processes, apart from the gateway's (e.g. an external broker pair). */
    CostWindow alongside(String group, Supplier<long[]> pids) {
        alongside.put(group, pids);
        return this;
    }

    void begin() {
        gatewayAtStart = seconds(gatewayPids);
        benchAtStart = seconds("self");
        alongside.forEach((group, pids) -> alongsideAtStart.put(group, secondsEach(pids.get())));
        machineAtStart = machineBusySeconds();
        writtenAtStart = writtenBytes(gatewayPids);
    }

    void end() {
        gatewaySeconds = seconds(gatewayPids) - gatewayAtStart;
        benchSeconds = seconds("self") - benchAtStart;
        alongside.forEach((group, pids) -> {
            Map<Long, Double> atStart = alongsideAtStart.get(group);
            double spent = 0;
            for (var now : secondsEach(pids.get()).entrySet()) {
                spent += now.getValue() - atStart.getOrDefault(now.getKey(), 0.0);
            }
            alongsideSeconds.put(group, spent);
        });
        machineSeconds = machineBusySeconds() - machineAtStart;
        long writtenAtEnd = writtenBytes(gatewayPids);
        written = writtenAtStart < 0 || writtenAtEnd < 0 ? -1 : writtenAtEnd - writtenAtStart;
    }

    /** Milliseconds of CPU of a group counted {@link #alongside} per completed item. */
    double alongsideMsPer(String group, long completed) {
        return completed == 0 ? Double.NaN : 1000 * alongsideSeconds.getOrDefault(group, Double.NaN) / completed;
    }

    /** Kilobytes the gateway's process wrote towards the disk per completed item in the window. */
    double gatewayWrittenKbPer(long completed) {
        return completed == 0 || written < 0 ? Double.NaN : written / 1024.0 / completed;
    }

    /** Milliseconds of gateway CPU per completed item in the window. */
    double gatewayMsPer(long completed) {
        return completed == 0 ? Double.NaN : 1000 * gatewaySeconds / completed;
    }

    /** Milliseconds of the bench's own CPU (load generator, consumers) per completed item. */
    double benchMsPer(long completed) {
        return completed == 0 ? Double.NaN : 1000 * benchSeconds / completed;
    }

    /** Milliseconds of the whole machine's busy CPU per completed item. */
    double machineMsPer(long completed) {
        return completed == 0 ? Double.NaN : 1000 * machineSeconds / completed;
    }

    /** user + nice + system + irq + softirq of all CPUs (idle, iowait and steal left out). */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return busy * SECONDS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double seconds(long[] pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += seconds(String.valueOf(pid));
        }
        return sum;
    }

    private static Map<Long, Double> secondsEach(long[] pids) {
        Map<Long, Double> each = new HashMap<>();
        for (long pid : pids) {
            double seconds = seconds(String.valueOf(pid));
            if (!Double.isNaN(seconds)) {
                each.put(pid, seconds);
            }
        }
        return each;
    }

    private static long writtenBytes(long[] pids) {
        long sum = 0;
        for (long pid : pids) {
            long written = BenchFiles.writtenBytes(String.valueOf(pid));
            if (written < 0) {
                return -1;
            }
            sum += written;
        }
        return sum;
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
