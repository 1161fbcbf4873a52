package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.fengqiao.gateway.support.WireMockSimulators;
import org.junit.jupiter.api.Test;

/**
 * A lease for work one instance does at a time: taken by one of many contenders, held against the
 * others, renewed by its holder and taken over once it has expired, all without a failed statement.
 */
@QuarkusTest
@QuarkusTestResource(WireMockSimulators.class)
class InstanceLeasesTest {

    @Inject
    InstanceLeases leases;
    @Inject
    LedgerDatabase database;

    @Test
    void manyInstancesTakingANewLeaseAtOnceLeaveOneHolder() throws Exception {
        String lease = "test-lease-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        List<Callable<Boolean>> contenders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String owner = "instance-" + i;
            contenders.add(() -> leases.tryAcquire(lease, owner, now, Duration.ofMinutes(1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(contenders.size());
        List<Boolean> won = new ArrayList<>();
        try {
            for (Future<Boolean> f : pool.invokeAll(contenders)) {
                won.add(f.get()); // none throws: a lost race is an answer, not an error
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(won).containsOnlyOnce(true);
        String holder = "instance-" + won.indexOf(true);
        assertThat(ownerOf(lease)).isEqualTo(holder);

        // held: another instance is refused, the holder renews
        assertThat(leases.tryAcquire(lease, "instance-late", now.plusSeconds(30), Duration.ofMinutes(1))).isFalse();
        assertThat(leases.tryAcquire(lease, holder, now.plusSeconds(30), Duration.ofMinutes(1))).isTrue();
        // expired: the next instance takes it over
        assertThat(leases.tryAcquire(lease, "instance-late", now.plusMinutes(2), Duration.ofMinutes(1))).isTrue();
        assertThat(ownerOf(lease)).isEqualTo("instance-late");
    }

    private String ownerOf(String lease) throws Exception {
        try (Connection c = database.connection();
                PreparedStatement s = c.prepareStatement("select owner from instance_lease where lease_name = ?")) {
            s.setString(1, lease);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
