package org.fengqiao.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** What the bench reads from /proc and the folders it leaves behind, shared by its measurements. */
public final class BenchFiles {

    private BenchFiles() {
    }

    /**
     * Bytes a process has caused to be written to storage (page cache pages it dirtied), from
     * /proc/PID/io; {@code pid} may be "self". -1 when the kernel does not say.
     */
    public static long writtenBytes(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The machine's load average over 1, 5 and 15 minutes (/proc/loadavg), as "1.20 0.90 0.75". */
    public static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** Deletes a folder and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
