package org.fengqiao.gateway.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.EmbeddedLedgerUrl;
import org.fengqiao.gateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's {@code backfill} command killed with SIGKILL in the middle of a file, then run
 * again on it: it goes on after the last chunk it committed and every record is in the ledger once.
 */
class BackfillKillIT {

    static final int RECORDS = 6000;

    @Test
    void aBackfillKilledMidFileGoesOnWhereItStoppedAndRecordsEachOnce() throws Exception {
        Path data = Files.createDirectories(Path.of("target", "it-data", "backfill-kill-" + System.nanoTime()));
        Path file = data.resolve("hotline.jsonl");
        new ExportGenerator(Gazetteer.loadDefault(), "HOTLINE_12345", "330681").write(file, RECORDS, 3601, 0.0);
        GatewayProcess gateway = new GatewayProcess("backfill-kill", data, Map.of("GATEWAY_BACKFILL_CHUNK_SIZE", "100"));

        Process first = gateway.commandLine("backfill", "--source", "HOTLINE_12345", file.toString()).start();
        String progress = null;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.contains(" records ") && !line.contains("100%") && !line.contains(" 0 records ")) {
                    progress = line;
                    break;
                }
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last commit
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(progress).as("a progress line before the kill").isNotNull();

        Path errFile = data.resolve("second.err");
        Process second = gateway.commandLine("backfill", "--source", "HOTLINE_12345", file.toString())
                .redirectError(errFile.toFile()).start();
        String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(errFile)).isZero();
        assertThat(out).containsPattern("went on after record [1-9][0-9,]* of an import that had stopped")
                .containsPattern("HOTLINE_12345 hotline.jsonl: [0-9,]+ read");

        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("ledger").resolve("fengqiao")
                + EmbeddedLedgerUrl.OPTIONS;
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct source_record_id) from dispute"
                        + " where source_system = 'HOTLINE_12345'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(RECORDS);
            assertThat(rs.getLong(2)).isEqualTo(RECORDS);
        }
    }
}
