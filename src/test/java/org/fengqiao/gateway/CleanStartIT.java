package org.fengqiao.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.fengqiao.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * A clean start of the packaged jar with the embedded defaults (broker, ledger, a new data folder)
 * says nothing at WARN or ERROR: a warning at start is one an operator must act on, so a start that
 * always warns teaches operators to read past them. A normal stop is checked too.
 */
class CleanStartIT {

    /**
     * The level column of the console format ({@code 2026-12-05 12:00:00,000 WARN  [category] ...}), and
     * what the JVM itself prints to the console outside the log ({@code WARNING: ...}).
     */
    private static final Pattern WARN_OR_ERROR = Pattern.compile("^(\\S+ \\S+ (WARN|ERROR|FATAL) |WARNING: |ERROR: )");

    /**
     * The one warning a clean start may give: from December the working calendar says when the next
     * year's official holidays are not in it yet (they are published late in the year).
     */
    private static final Pattern NEXT_YEAR_CALENDAR = Pattern.compile(
            "Working calendar .* has no holidays for " + (java.time.Year.now().getValue() + 1));

    @Test
    void aCleanStartAndStopOfThePackagedJarLogNoWarning() throws Exception {
        String name = "clean-start";
        Path log = Path.of("target", "it-logs", name + ".log");
        Files.deleteIfExists(log);
        Path data = Path.of("target", "it-data", "clean-start-" + System.nanoTime());
        try (GatewayProcess gateway = new GatewayProcess(name, data, Map.of()).start()) {
            List<String> started = Files.readAllLines(log);
            assertThat(started).as("the start's log").anyMatch(l -> l.contains("started in"));
            assertThat(started).as("WARN or ERROR lines at start").filteredOn(l -> WARN_OR_ERROR.matcher(l).find() && !NEXT_YEAR_CALENDAR.matcher(l).find())
                    .isEmpty();
            gateway.stop();
        }
        List<String> all = Files.readAllLines(log);
        assertThat(all).as("the stop's log").anyMatch(l -> l.contains("stopped in"));
        assertThat(all).as("WARN or ERROR lines at start or stop").filteredOn(l -> WARN_OR_ERROR.matcher(l).find() && !NEXT_YEAR_CALENDAR.matcher(l).find())
                .isEmpty();
    }
}
