package org.fengqiao.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.fengqiao.gateway.security.StaffCaller;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The county centre's list on a ledger of its own (in-memory H2 migrated by the same Flyway scripts):
 * the count stops at {@link CountyDisputes#COUNT_LIMIT} and says there are more, below it the count is
 * exact, and the pages go on past it, newest first.
 */
class CountyDisputesTest {

    static final String COUNTY = "330681";
    static final String BUSY_TOWNSHIP = "330681104";
    static final String QUIET_TOWNSHIP = "330681109";
    static final OffsetDateTime FIRST = OffsetDateTime.of(2026, 1, 1, 8, 0, 0, 0, ZoneOffset.ofHours(8));
    static final StaffCaller CENTRE = new StaffCaller(COUNTY + "-CENTRE", "县中心值班员");

    JdbcDataSource h2;
    CountyDisputes disputes;

    @BeforeEach
    void ledger() throws SQLException {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:county-disputes-" + java.util.UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        disputes = new CountyDisputes();
        disputes.database = new LedgerDatabase() {
            @Override
            public Connection connection() throws SQLException {
                return h2.getConnection();
            }
        };
        disputes.documents = PiiRotationTest.keys("key-a", PiiRotationTest.KEY_A);
        disputes.searchKeys = new SearchKeys(new PartyKeys("county-disputes-test-index-key"));
        record(0, CountyDisputes.COUNT_LIMIT + 1, BUSY_TOWNSHIP);
        record(CountyDisputes.COUNT_LIMIT + 1, 3, QUIET_TOWNSHIP);
    }

    @Test
    void countStopsAtTheLimitAndSaysThereAreMore() throws SQLException {
        CountyDisputes.Page first = disputes.find(filter(null), 0, 50, CENTRE, "3306", FIRST.plusYears(1));

        assertThat(first.total()).isEqualTo(CountyDisputes.COUNT_LIMIT);
        assertThat(first.capped()).isTrue();
        assertThat(first.rows()).hasSize(50);
        // Newest first: the quiet township's three came last.
        assertThat(first.rows().get(0).item().disputeId()).isEqualTo(id(CountyDisputes.COUNT_LIMIT + 3));

        CountyDisputes.Page pastTheCount = disputes.find(filter(null), CountyDisputes.COUNT_LIMIT / 50, 50,
                CENTRE, "3306", FIRST.plusYears(1));
        assertThat(pastTheCount.rows()).extracting(row -> row.item().disputeId())
                .containsExactly(id(3), id(2), id(1), id(0));
    }

    @Test
    void countBelowTheLimitIsExact() throws SQLException {
        CountyDisputes.Page quiet = disputes.find(filter(QUIET_TOWNSHIP), 0, 50, CENTRE, "3306", FIRST.plusYears(1));

        assertThat(quiet.total()).isEqualTo(3);
        assertThat(quiet.capped()).isFalse();
        assertThat(quiet.rows()).hasSize(3);
    }

    private static CountyDisputes.Filter filter(String township) {
        return new CountyDisputes.Filter(COUNTY, township, null, null, null, false, null, null, null, null, null, null,
                null, null, null);
    }

    private static String id(int n) {
        return "FQ20260101%08d".formatted(n);
    }

    /** {@code count} closed disputes of the township, numbered from {@code from}, a minute apart. */
    private void record(int from, int count, String township) throws SQLException {
        try (Connection c = h2.getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into dispute (dispute_id, source_system, source_record_id, status, category_code, handler_id,
                    county_code, township_code, urgency, title, received_at, due_at, document, updated_at)
                values (?, 'HOTLINE_12345', ?, 'CLOSED', 'NEIGHBOR', ?, ?, ?, 'NORMAL', '邻里纠纷', ?, ?, '{}', ?)""")) {
            for (int n = from; n < from + count; n++) {
                OffsetDateTime received = FIRST.plusMinutes(n);
                s.setString(1, id(n));
                s.setString(2, "GD" + n);
                s.setString(3, township);
                s.setString(4, COUNTY);
                s.setString(5, township);
                s.setObject(6, received);
                s.setObject(7, received.plusDays(15));
                s.setObject(8, received);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
