package org.fengqiao.gateway.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.CanonicalDispute;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.privacy.PartyFieldCipher;
import org.jboss.logging.Logger;

/**
 * Search keys and risk marks for the disputes recorded before they existed, or keyed by an older
 * rule ({@code dispute.search_keys_version} below {@link SearchKeys#VERSION}): every
 * {@code gateway.ledger.backfill-interval}, by the one instance holding the lease, a batch at a time,
 * each dispute under its row lock in its own short transaction, so it runs beside live traffic.
 * Nothing is lost if it stops halfway: what it has not done keeps its old version and is done next time.
 */
@ApplicationScoped
public class SearchKeyBackfill {

    private static final Logger LOG = Logger.getLogger(SearchKeyBackfill.class);
    static final String LEASE = "search-keys";
    private static final Duration LEASE_TIME = Duration.ofMinutes(5);
    private static final int BATCH = 200;

    @Inject
    LedgerDatabase database;
    @Inject
    PartyFieldCipher documents;
    @Inject
    SearchKeys searchKeys;
    @Inject
    ObjectMapper json;
    @Inject
    InstanceLeases leases;
    @Inject
    GatewayConfig gateway;
    @Inject
    Clock clock;

    @Scheduled(every = "${gateway.ledger.backfill-interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            if (leases.tryAcquire(LEASE, gateway.instanceId(), GatewayTime.now(clock), LEASE_TIME)) {
                int keyed = keyAll(() -> leases.tryAcquire(LEASE, gateway.instanceId(), GatewayTime.now(clock),
                        LEASE_TIME));
                if (keyed > 0) {
                    LOG.infof("Search keys made for %d dispute(s) recorded without them", keyed);
                }
            }
        } catch (Exception e) {
            LOG.warnf("Search key backfill failed: %s", e.getClass().getSimpleName());
        }
    }

    /** Keys every dispute that needs it; returns how many were keyed. */
    public int keyAll() throws SQLException {
        return keyAll(() -> true);
    }

    @FunctionalInterface
    interface StillHeld {
        boolean renew() throws SQLException;
    }

    private int keyAll(StillHeld lease) throws SQLException {
        int keyed = 0;
        int failed = 0;
        String firstFailed = null;
        String after = "";
        for (List<String> ids = unkeyed(after); !ids.isEmpty() && lease.renew(); ids = unkeyed(after)) {
            for (String id : ids) {
                try {
                    keyed += key(id) ? 1 : 0;
                } catch (SQLException | RuntimeException e) {
                    // Tried again at the next round; the others go on.
                    failed++;
                    firstFailed = firstFailed == null ? id + " (" + e.getClass().getSimpleName() + ")" : firstFailed;
                }
            }
            after = ids.get(ids.size() - 1);
        }
        if (failed > 0) {
            LOG.warnf("Search keys not made for %d dispute(s), first %s", failed, firstFailed);
        }
        return keyed;
    }

    private List<String> unkeyed(String after) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("""
                        select dispute_id from dispute where search_keys_version < ? and dispute_id > ?
                        order by dispute_id fetch first %d rows only""".formatted(BATCH))) {
            s.setInt(1, SearchKeys.VERSION);
            s.setString(2, after);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Made again if lost in a crash (its version stays old): no need to wait for the disk. */
    private boolean key(String disputeId) throws SQLException {
        return database.transaction(UnitOfWork.Commit.REPLAYABLE, work -> {
            Connection c = work.connection();
            String document;
            try (PreparedStatement s = c.prepareStatement(
                    "select document from dispute where dispute_id = ? and search_keys_version < ? for update")) {
                s.setString(1, disputeId);
                s.setInt(2, SearchKeys.VERSION);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return false; // keyed meanwhile
                    }
                    document = rs.getString(1);
                }
            }
            CanonicalDispute dispute;
            try {
                dispute = json.readValue(documents.open(document), CanonicalDispute.class);
            } catch (JsonProcessingException e) {
                throw new SQLException("stored document of " + disputeId + " is not a dispute", e);
            }
            SearchKeys.DisputeKeys keys = searchKeys.of(dispute);
            SearchRows.delete(c, disputeId);
            try (PreparedStatement s = c.prepareStatement(
                    "update dispute set address_keys = ?, search_keys_version = ? where dispute_id = ?")) {
                s.setString(1, keys.addressColumn());
                s.setInt(2, SearchKeys.VERSION);
                s.setString(3, disputeId);
                s.executeUpdate();
            }
            SearchRows.insert(c, List.of(new SearchRows(disputeId, keys, RiskMark.of(dispute))));
            return true;
        });
    }
}
