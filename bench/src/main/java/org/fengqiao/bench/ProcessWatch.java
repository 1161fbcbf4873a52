package org.fengqiao.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a command the bench started costs, read from /proc twice a second while it runs: its peak
 * resident memory (VmHWM) and the CPU it has used (utime + stime). A command that ends between two
 * reads keeps the figures of the last one.
 */
final class ProcessWatch {

    private final AtomicLong peakKb = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();

    private ProcessWatch() {
    }

    static ProcessWatch of(Process p) {
        ProcessWatch w = new ProcessWatch();
        Thread watch = new Thread(() -> w.follow(p), "watch-" + p.pid());
        watch.setDaemon(true);
        watch.start();
        return w;
    }

    private void follow(Process p) {
        Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
        Path stat = Path.of("/proc", String.valueOf(p.pid()), "stat");
        while (p.isAlive()) {
            try {
                for (String l : Files.readAllLines(status)) {
                    if (l.startsWith("VmHWM:")) {
                        peakKb.accumulateAndGet(Long.parseLong(l.replaceAll("\\D", "")), Math::max);
                    }
                }
                // The fields after the command's name; utime and stime are the 14th and 15th of the line.
                String line = Files.readString(stat);
                String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
                ticks.set(Long.parseLong(f[11]) + Long.parseLong(f[12]));
                Thread.sleep(500);
            } catch (Exception gone) {
                return;
            }
        }
    }

    long peakResidentKb() {
        return peakKb.get();
    }

    /** In seconds, at the kernel's USER_HZ of 100 ticks a second. */
    double cpuSeconds() {
        return ticks.get() / 100.0;
    }
}
