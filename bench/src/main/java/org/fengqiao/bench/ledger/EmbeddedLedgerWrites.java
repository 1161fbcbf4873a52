package org.fengqiao.bench.ledger;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.fengqiao.bench.BenchFiles;
import org.flywaydb.core.Flyway;

/**
 * What the embedded H2 ledger costs per case, without the rest of the gateway: one thread writes
 * what a group commit writes (each new dispute with its history entry, outbox entry and two party
 * keys, then the group marked delivered) against the gateway's own migrations, and ends each commit
 * as the gateway does: the group's record with {@code CHECKPOINT SYNC} (ledger.EmbeddedWrites), its
 * marks without a store (ledger.LedgerDatabase#transactionNotWaitingForDisk). Prints the process's
 * CPU time and the bytes it wrote towards the disk per case, and the size of the file.
 *
 * <p>A ledger change (a setting, an index, a table) can be tried here in half a minute, where the
 * whole benchmark takes twenty and its noise hides a tenth. The statements follow DisputeLedger's
 * (recordNew and markDelivered); keep them in step when those change.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" org.fengqiao.bench.ledger.EmbeddedLedgerWrites \
 *     [--cases 20000] [--group 5] [--url-options ";PAGE_SIZE=8192"] [--no-sync] [--sql "drop index ..."]
 *     [--mark-off-dispute-row]
 * </pre>
 *
 * <p>{@code --mark-off-dispute-row} marks a delivery by its outbox row and history entry alone, leaving
 * the dispute's row as it was: what the mark would cost if the status lived elsewhere (H2 carries out an
 * {@code UPDATE} by taking the row out of every index of its table and putting it back).
 */
public final class EmbeddedLedgerWrites {

    private static final String BASE_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64";
    private static final String[] SOURCES = { "HOTLINE_12345", "PETITION", "COURT_MEDIATION", "POLICE_RISK" };

    private final Random random = new Random(1);
    private final List<String> documents;

    private final boolean markDisputeRow;

    private EmbeddedLedgerWrites(List<String> documents, boolean markDisputeRow) {
        this.documents = documents;
        this.markDisputeRow = markDisputeRow;
    }

    public static void main(String[] args) throws Exception {
        int cases = 20_000;
        int group = 5;
        String urlOptions = "";
        boolean sync = true;
        boolean markDisputeRow = true;
        List<String> extraSql = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cases" -> cases = Integer.parseInt(args[++i]);
                case "--group" -> group = Integer.parseInt(args[++i]);
                case "--url-options" -> urlOptions = args[++i];
                case "--no-sync" -> sync = false;
                case "--sql" -> extraSql.add(args[++i]);
                case "--mark-off-dispute-row" -> markDisputeRow = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("fengqiao-ledger-writes");
        String url = "jdbc:h2:file:" + dir.resolve("fengqiao") + BASE_OPTIONS + urlOptions;
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "classpath:db/embedded")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String sql : extraSql) {
                s.execute(sql);
            }
        }
        var load = new EmbeddedLedgerWrites(SampleDocuments.canonical(300), markDisputeRow);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long writtenBefore = BenchFiles.writtenBytes("self");
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            load.run(c, cases, group, sync);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d cases in groups of %d%s%s%s: %.2f ms CPU per case, %.1f KB written per case, "
                + "%.1f s, ledger file %.0f MB%n", cases, group, urlOptions, sync ? "" : ", no sync per commit",
                markDisputeRow ? "" : ", marks off the dispute row",
                (os.getProcessCpuTime() - cpuBefore) / 1e6 / cases,
                (BenchFiles.writtenBytes("self") - writtenBefore) / 1024.0 / cases,
                seconds, Files.size(dir.resolve("fengqiao.mv.db")) / 1e6);
        BenchFiles.deleteTree(dir);
    }

    private void run(Connection c, int cases, int group, boolean sync) throws SQLException {
        c.setAutoCommit(false);
        for (int i = 0; i < cases; i += group) {
            List<String> recorded = new ArrayList<>(group);
            for (int k = 0; k < group; k++) {
                String disputeId = String.format("FQ20261129%06d", i + k);
                recordNew(c, disputeId, k);
                recorded.add(disputeId);
            }
            c.commit();
            if (sync) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            for (String disputeId : recorded) {
                markDelivered(c, disputeId);
            }
            c.commit();
        }
    }

    private void recordNew(Connection c, String disputeId, int k) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        try (PreparedStatement s = c.prepareStatement("""
                insert into dispute (dispute_id, source_system, source_record_id, status, category_code,
                    handler_id, county_code, township_code, urgency, title, received_at, due_at, document,
                    updated_at, remind_at, escalate_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, disputeId);
            s.setString(2, SOURCES[k % SOURCES.length]);
            s.setString(3, "R" + Long.toHexString(random.nextLong()));
            s.setString(4, "RECEIVED");
            s.setString(5, "NEIGHBOUR");
            s.setString(6, handler(disputeId));
            s.setString(7, "330681");
            s.setString(8, "330681" + (101 + random.nextInt(15)));
            s.setString(9, "NORMAL");
            s.setString(10, "邻居装修噪音扰民，多次沟通无果");
            s.setObject(11, now);
            s.setObject(12, now.plusDays(15));
            s.setString(13, documents.get(random.nextInt(documents.size())));
            s.setObject(14, now);
            s.setObject(15, now.plusDays(12));
            s.setObject(16, now.plusDays(17));
            s.executeUpdate();
        }
        history(c, disputeId, "RECEIVED", "received from " + SOURCES[k % SOURCES.length]);
        try (PreparedStatement s = c.prepareStatement("""
                insert into delivery_outbox (delivery_id, dispute_id, handler_id, reason, created_at)
                values (?, ?, ?, ?, ?)""")) {
            s.setString(1, disputeId + "-1");
            s.setString(2, disputeId);
            s.setString(3, handler(disputeId));
            s.setString(4, "township of the address");
            s.setObject(5, now);
            s.executeUpdate();
        }
        for (int party = 0; party < 2; party++) {
            try (PreparedStatement s = c.prepareStatement(
                    "insert into dispute_party_key (dispute_id, key_hash, township_code, received_at) values (?, ?, ?, ?)")) {
                s.setString(1, disputeId);
                s.setString(2, "%016x%016x%016x%016x".formatted(random.nextLong(), random.nextLong(),
                        random.nextLong(), random.nextLong()));
                s.setString(3, "330681101");
                s.setObject(4, now);
                s.executeUpdate();
            }
        }
    }

    private void markDelivered(Connection c, String disputeId) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        try (PreparedStatement s = c.prepareStatement(
                "update delivery_outbox set delivered_at = ? where delivery_id = ? and delivered_at is null")) {
            s.setObject(1, now);
            s.setString(2, disputeId + "-1");
            s.executeUpdate();
        }
        if (markDisputeRow) {
            try (PreparedStatement s = c.prepareStatement("update dispute set status = ?, updated_at = ?"
                    + " where dispute_id = ? and handler_id = ? and status in ('RECEIVED', 'RETURNED')")) {
                s.setString(1, "DISPATCHED");
                s.setObject(2, now);
                s.setString(3, disputeId);
                s.setString(4, handler(disputeId));
                s.executeUpdate();
            }
        }
        history(c, disputeId, "DISPATCHED", "township of the address");
    }

    private static void history(Connection c, String disputeId, String event, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into dispute_history (dispute_id, event, status, occurred_at, actor, handler_id, reason, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, disputeId);
            s.setString(2, event);
            s.setString(3, event);
            s.setObject(4, OffsetDateTime.now());
            s.setString(5, "gateway");
            s.setString(6, handler(disputeId));
            s.setString(7, reason);
            s.setString(8, null);
            s.executeUpdate();
        }
    }

    private static String handler(String disputeId) {
        return "township-330681" + (101 + Math.floorMod(disputeId.hashCode(), 15));
    }
}
