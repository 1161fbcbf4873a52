package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The embedded ledger's file with the broker journal as its log: the checkpoint syncs it every second
 * (application.properties), so H2 may write over replaced chunks after five checkpoints instead of
 * its own 45 s, which keeps a busy ledger's file a half to a quarter of the size.
 */
@QuarkusTest
class EmbeddedLedgerFileTest {

    @Inject
    LedgerDatabase database;

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
}
