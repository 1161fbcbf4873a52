package org.fengqiao.gateway.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;

/**
 * One PostgreSQL ledger for several packaged gateways: a schema of its own in the database that
 * GATEWAY_TEST_DB_URL names (GATEWAY_TEST_DB_USER, GATEWAY_TEST_DB_PASSWORD; {@code .ci/run} sets
 * them), the environment that points every instance at it, and the ledger read back as an auditor
 * would. Without the variable the test is skipped: the embedded ledger belongs to one process.
 */
public record SharedLedger(String url, String user, String password, String schema) {

    /** A fresh schema named after the test, or the test skipped where no PostgreSQL is given. */
    public static SharedLedger create(String name) throws SQLException {
        String url = System.getenv("GATEWAY_TEST_DB_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "GATEWAY_TEST_DB_URL not set: several gateways on one ledger need PostgreSQL (.ci/run sets it)");
        String user = System.getenv().getOrDefault("GATEWAY_TEST_DB_USER", "postgres");
        String password = System.getenv().getOrDefault("GATEWAY_TEST_DB_PASSWORD", "");
        String schema = name + "_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return new SharedLedger(url, user, password, schema);
    }

    /** The database URL with this schema as the connection's current one: the gateways' and the reads'. */
    public String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The ledger settings of every instance; a test adds its own to the (modifiable) map. */
    public Map<String, String> gatewayEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DB_URL", schemaUrl());
        env.put("GATEWAY_DB_USER", user);
        env.put("GATEWAY_DB_PASSWORD", password);
        return env;
    }

    /** Where the instances (and brokers) of the test keep their files, one folder per run. */
    public Path dataDir() {
        return Path.of("target", "it-data", schema);
    }

    /** {@code select count(*) from <fromWhere>}, e.g. {@code dispute where source_system = 'POLICE_RISK'}. */
    public long count(String fromWhere) throws SQLException {
        return Long.parseLong(rows("select count(*) from " + fromWhere).keySet().iterator().next());
    }

    /** The first column of a query's rows. */
    public Set<String> values(String sql) throws SQLException {
        return Set.copyOf(rows(sql).keySet());
    }

    /** The first column of the first row, or "" when there is none. */
    public String value(String sql) throws SQLException {
        return rows(sql).keySet().stream().findFirst().orElse("");
    }

    /** A query's rows as first column to second column (the first column a key of the rows). */
    public Map<String, String> pairs(String sql) throws SQLException {
        return rows(sql);
    }

    private Map<String, String> rows(String sql) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(schemaUrl(), user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            boolean twoColumns = rs.getMetaData().getColumnCount() > 1;
            while (rs.next()) {
                rows.put(rs.getString(1), twoColumns ? rs.getString(2) : "");
            }
        }
        return rows;
    }
}
