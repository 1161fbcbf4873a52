package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records a polled source sent that failed validation. A pushing source gets a 400 and can fix and
 * resend; a polled one cannot be answered, so the reason is kept here for the operator.
 */
@ApplicationScoped
public class IntakeRejections {

    @Inject
    LedgerDatabase database;

    public record Rejection(String sourceSystem, String recordId, String reason, OffsetDateTime rejectedAt) {
    }

    public void record(String sourceSystem, String recordId, String reason, OffsetDateTime at) throws SQLException {
        database.transaction(UnitOfWork.Commit.DURABLE, work -> {
            try (PreparedStatement s = work.prepare(
                    "insert into intake_rejection (source_system, record_id, reason, rejected_at) values (?, ?, ?, ?)")) {
                s.setString(1, sourceSystem);
                s.setString(2, recordId == null || recordId.length() <= 128 ? recordId : recordId.substring(0, 128));
                s.setString(3, reason.length() <= 2000 ? reason : reason.substring(0, 2000));
                s.setObject(4, at);
                return s.executeUpdate();
            }
        });
    }

    public List<Rejection> recent(String sourceSystem, int limit) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select source_system, record_id, reason, rejected_at from intake_rejection
                        where source_system = ? order by id desc fetch first %d rows only""".formatted(limit))) {
            s.setString(1, sourceSystem);
            List<Rejection> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rejection(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class)));
                }
            }
            return out;
        }
    }
}
