package org.fengqiao.gateway.observability;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A command's progress through a file: how far (by bytes read), how many done and rejected, the rate
 * and the time left; redrawn in place on a terminal, a line a second elsewhere (logs, pipes). Shared by
 * the jar's commands that read files (standard addresses, historical records).
 */
public final class ProgressBar implements FileProgress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private final String unit;
    private long started = System.nanoTime();
    private long firstLines;
    private long lastDrawn;
    private boolean drawn;
    private boolean ended;
    private long lastLines = -1;

    /** @param unit what is counted, plural ("rows", "records") */
    public ProgressBar(PrintStream err, boolean terminal, String unit) {
        this.err = err;
        this.terminal = terminal;
        this.unit = unit;
    }

    /** The rate counts this run's lines only, from here (a resumed run skips the lines done before). */
    @Override
    public void begin(long linesDone) {
        firstLines = linesDone;
        started = System.nanoTime();
    }

    @Override
    public void update(long linesDone, long loaded, long rejected, long bytesRead, long bytesTotal) {
        long now = System.nanoTime();
        boolean end = bytesRead >= bytesTotal;
        // The file is read ahead of the rows: the last chunks all come at 100%; each is drawn once.
        if (end && ended && linesDone == lastLines) return;
        ended = end;
        lastLines = linesDone;
        long every = terminal ? 200_000_000L : 1_000_000_000L;
        if (!end && drawn && now - lastDrawn < every) return;
        lastDrawn = now;
        drawn = true;
        double fraction = bytesTotal == 0 ? 1 : Math.min(1, (double) bytesRead / bytesTotal);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = (linesDone - firstLines) / seconds;
        long left = fraction <= 0 || fraction >= 1 ? 0 : Math.round(seconds * (1 - fraction) / fraction);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
        String text = String.format(Locale.ROOT, "%s %3d%%  %,d %s  %,d rejected  %,.0f %s/s  left %d:%02d",
                bar, Math.round(fraction * 100), loaded, unit, rejected, rate, unit, left / 60, left % 60);
        if (terminal) err.print("\r" + text);
        else err.println(text);
        err.flush();
    }

    public void finish() {
        if (terminal && drawn) err.println();
        drawn = false;
    }
}
