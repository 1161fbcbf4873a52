package org.fengqiao.gateway.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.fengqiao.gateway.ledger.LedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What a Quarkus test of files a source sends starts from: a township system's connection to the
 * embedded broker, open for the test class, to see what the township's queue gets, and the ledger's
 * database, to see which attachment rows a step left behind.
 */
public abstract class AttachmentTestBase {

    protected static HandlerQueues queues;

    @Inject
    protected LedgerDatabase database;
    @Inject
    protected ObjectMapper json;

    @BeforeAll
    static void connectToTheBroker() throws Exception {
        queues = HandlerQueues.embedded();
    }

    @AfterAll
    static void disconnectFromTheBroker() throws Exception {
        queues.close();
    }

    /** The count a query of one parameter answers: {@code select count(*) from attachment where uploaded_by = ?}. */
    protected int count(String sql, String value) throws Exception {
        try (var c = database.connection(); var s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The attachment rows of a dispute, oldest first: state, failure, attempts, bytes (whether kept) and url. */
    protected List<Map<String, Object>> attachmentRows(String disputeId) throws Exception {
        try (var c = database.connection(); var s = c.prepareStatement("""
                select state, failure, attempts, content is not null, source_url from attachment
                where dispute_id = ? order by created_at, attachment_id""")) {
            s.setString(1, disputeId);
            try (var rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("state", rs.getString(1));
                    row.put("failure", rs.getString(2));
                    row.put("attempts", rs.getInt(3));
                    row.put("bytes", rs.getBoolean(4));
                    row.put("url", rs.getString(5));
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}
