package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.fengqiao.gateway.privacy.PiiCipher;

/**
 * Key rotation, second half: rewrites every stored dispute document (its personal fields and free
 * text), dispute title and feedback body that is in clear or under another key than
 * {@code gateway.pii.active-key}, under the active key. Each row is
 * rewritten under its row lock, in its own short transaction, so it runs beside live traffic and can
 * be repeated (a second run finds nothing to do). After it, older keys can leave {@code gateway.pii.keys}.
 */
@ApplicationScoped
public class PiiReencryption {

    private static final int BATCH = 200;

    @Inject
    LedgerDatabase database;
    @Inject
    PartyFieldCipher documents;

    public record Result(String activeKey, int disputes, int feedbackCalls) {
    }

    public Result run() throws SQLException {
        PiiCipher cipher = documents.cipher();
        int disputes = 0;
        String after = "";
        for (List<String> ids = disputeIds(after); !ids.isEmpty(); ids = disputeIds(after)) {
            for (String id : ids) {
                disputes += resealDispute(id) ? 1 : 0;
            }
            after = ids.get(ids.size() - 1);
        }
        int calls = 0;
        long afterId = 0;
        for (List<Long> ids = feedbackIds(afterId); !ids.isEmpty(); ids = feedbackIds(afterId)) {
            for (long id : ids) {
                calls += resealFeedback(cipher, id) ? 1 : 0;
            }
            afterId = ids.get(ids.size() - 1);
        }
        return new Result(cipher.activeKeyId(), disputes, calls);
    }

    private List<String> disputeIds(String after) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select dispute_id from dispute where dispute_id > ? order by dispute_id fetch first "
                                + BATCH + " rows only")) {
            s.setString(1, after);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private List<Long> feedbackIds(long after) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement(
                        "select id from feedback_outbox where id > ? order by id fetch first " + BATCH + " rows only")) {
            s.setLong(1, after);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    private boolean resealDispute(String disputeId) throws SQLException {
        PiiCipher cipher = documents.cipher();
        return inTransaction(work -> {
            Connection c = work.connection();
            String document;
            String title;
            try (PreparedStatement s = c.prepareStatement(
                    "select document, title from dispute where dispute_id = ? for update")) {
                s.setString(1, disputeId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    document = rs.getString(1);
                    title = rs.getString(2);
                }
            }
            boolean staleTitle = title != null && !cipher.isCurrent(title);
            if (!staleTitle && (document == null || !documents.needsResealing(document))) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "update dispute set document = ?, title = ? where dispute_id = ?")) {
                s.setString(1, documents.reseal(document));
                s.setString(2, cipher.reencrypt(title));
                s.setString(3, disputeId);
                s.executeUpdate();
            }
            return true;
        });
    }

    private boolean resealFeedback(PiiCipher cipher, long id) throws SQLException {
        return inTransaction(work -> {
            Connection c = work.connection();
            String body = selectForUpdate(c, "select body from feedback_outbox where id = ? for update",
                    s -> s.setLong(1, id));
            if (body == null || cipher.isCurrent(body)) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("update feedback_outbox set body = ? where id = ?")) {
                s.setString(1, cipher.reencrypt(body));
                s.setLong(2, id);
                s.executeUpdate();
            }
            return true;
        });
    }

    private static String selectForUpdate(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private boolean inTransaction(UnitOfWork.Work<Boolean, SQLException> work) throws SQLException {
        return database.transaction(UnitOfWork.Commit.DURABLE, work);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
