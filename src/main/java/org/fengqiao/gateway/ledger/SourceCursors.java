package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The reading position of each polled source, kept in the ledger so a restart resumes there. */
@ApplicationScoped
public class SourceCursors {

    @Inject
    LedgerDatabase database;

    public Optional<String> load(String sourceSystem) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select cursor_value from source_cursor where source_system = ?")) {
            s.setString(1, sourceSystem);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Not waited for on the disk: a cursor lost in a crash reads a page again, and its records are
     * recognised as already in the ledger. Waiting here, once a page, held every other durable
     * commit of the embedded ledger behind its file's sync.
     */
    public void save(String sourceSystem, String cursor, OffsetDateTime at) throws SQLException {
        database.transaction(UnitOfWork.Commit.REPLAYABLE, work -> {
            int updated;
            try (PreparedStatement s = work.prepare(
                    "update source_cursor set cursor_value = ?, updated_at = ? where source_system = ?")) {
                s.setString(1, cursor);
                s.setObject(2, at);
                s.setString(3, sourceSystem);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = work.prepare(
                        "insert into source_cursor (source_system, cursor_value, updated_at) values (?, ?, ?)")) {
                    s.setString(1, sourceSystem);
                    s.setString(2, cursor);
                    s.setObject(3, at);
                    s.executeUpdate();
                }
            }
            return updated;
        });
    }

    /** Reads the source again from its beginning (safe: records already in the ledger are recognised). */
    public void forget(String sourceSystem) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare("delete from source_cursor where source_system = ?")) {
                s.setString(1, sourceSystem);
                return s.executeUpdate();
            }
        });
    }
}
