package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The embedded ledger's file with the broker journal as its log: the checkpoint syncs it every second
 * (application.properties), so H2 may write over replaced chunks after five checkpoints instead of
 * its own 45 s, which keeps a busy ledger's file a half to a quarter of the size. H2's own compaction
 * is off; the gateway's (EmbeddedLedgerCompaction) brings the file's chunks back to the target fill
 * rate at its own pace.
 */
@QuarkusTest
class EmbeddedLedgerFileTest {

    @Inject
    LedgerDatabase database;
    @ConfigProperty(name = "gateway.ledger.compaction.target-fill-rate")
    int targetFillRate;

    @Test
    void replacedChunksAreKeptForFiveCheckpointsNotH2sFortyFiveSeconds() throws SQLException {
        assumeTrue(database.embedded(), "the embedded ledger only");
        try (Connection c = database.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select setting_value from information_schema.settings where setting_name = 'RETENTION_TIME'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("5000");
        }
    }

    @Test
    void thePageCacheIsEightMegabytesNotH2sSixteen() throws SQLException {
        assumeTrue(database.embedded(), "the embedded ledger only");
        assertThat(setting("info.CACHE_MAX_SIZE")).as("H2's page cache, in MB").isEqualTo("8");
    }

    @Test
    void chunksLeftMostlyEmptyAreRewrittenUntilTheFileIsBackAtTheTargetFillRate() throws SQLException {
        assumeTrue(database.embedded(), "the embedded ledger only");
        assertThat(setting("AUTO_COMPACT_FILL_RATE")).as("H2's own compaction").isEqualTo("0");
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            s.execute("drop table if exists compaction_probe");
            // Eight megabytes in one chunk of the file, then nineteen twentieths of it deleted: that
            // chunk keeps its twentieth of live pages until something rewrites them.
            s.execute("create table compaction_probe (id int primary key, payload varchar(1000))");
            s.execute("insert into compaction_probe select \"X\", repeat('x', 1000) from system_range(1, 8000)");
            s.execute("checkpoint");
            s.execute("delete from compaction_probe where id > 400");
            s.execute("checkpoint");
        }
        try {
            assertThat(Integer.parseInt(setting("info.CHUNKS_FILL_RATE"))).as("fill rate after the deletes")
                    .isLessThan(targetFillRate);
            // Replaced chunks are kept five checkpoints (5 s) before anything may rewrite them; a
            // chunk left empty is let go at the next store of the file, which a small write brings.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (Connection c = database.connection(); Statement s = c.createStatement()) {
                    s.execute("update compaction_probe set payload = repeat('y', 1000) where id = 1");
                }
                return Integer.parseInt(setting("info.CHUNKS_FILL_RATE")) >= targetFillRate;
            });
        } finally {
            try (Connection c = database.connection(); Statement s = c.createStatement()) {
                s.execute("drop table compaction_probe");
            }
        }
    }

    private String setting(String name) throws SQLException {
        try (Connection c = database.connection();
                var s = c.prepareStatement("select setting_value from information_schema.settings where setting_name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as(name).isTrue();
                return rs.getString(1);
            }
        }
    }
}
