package org.fengqiao.gateway.jurisdiction.standard;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.postgresql.PGConnection;
import org.fengqiao.gateway.observability.FileProgress;
import org.fengqiao.gateway.observability.CountingInputStream;

/**
 * Loads a standard address file into a new generation and makes it the current one.
 *
 * <p>Rows go in chunks, each committed with the generation's count of lines done, so an import that
 * is killed goes on, when run again on the same file, after the last chunk it committed. Lookups read
 * the current generation throughout; the new one replaces it in a single commit that also keeps the
 * codes the new file no longer has (std_address_retired), for disputes that already carry them.
 * One import at a time per database.
 */
public final class AddressImport {

    /** How rows reach the table: batched INSERTs (any database) or PostgreSQL's COPY. */
    public enum Method { BATCH, COPY }

    /** Called after every committed chunk and once at the end, and told when the indexes are being built. */
    public interface Progress extends FileProgress {

        /** Every row is in; the embedded ledger's indexes are being built (minutes for millions of rows). */
        default void buildingIndexes() {
        }
    }

    @FunctionalInterface
    public interface Database {
        Connection open() throws SQLException;
    }

    public record Outcome(long generation, long loaded, long rejected, long retired, long resumedAfterLine,
                          Duration took, List<String> rejections) {
    }

    /** Rejections listed in the outcome; all of them stay in std_address_rejected. */
    static final int LISTED_REJECTIONS = 1000;

    private static final String INSERT = "insert into std_address (generation, code, address, address_key,"
            + " county_code, township_code, village_code, grid_code, micro_grid_code, longitude, latitude, lat_band,"
            + " line_no) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COPY = "copy std_address (generation, code, address, address_key, county_code,"
            + " township_code, village_code, grid_code, micro_grid_code, longitude, latitude, lat_band, line_no)"
            + " from stdin";
    private static final String UNIQUE_VIOLATION = "23505";
    /** The indexes of std_address besides its primary key, as the migrations create them. */
    private static final java.util.Map<String, String> SECONDARY_INDEXES = java.util.Map.of(
            "ix_std_address_key", "(generation, address_key)",
            "ix_std_address_position", "(generation, lat_band, longitude)");

    private final Database database;
    private final Gazetteer gazetteer;
    private final AddressKey keys;

    public AddressImport(Database database, Gazetteer gazetteer) {
        this.database = database;
        this.gazetteer = gazetteer;
        this.keys = new AddressKey(gazetteer);
    }

    /** True when the database is PostgreSQL (the embedded H2 runs in PostgreSQL mode but says H2). */
    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    public Outcome run(Path file, Method method, int chunkRows, Progress progress)
            throws IOException, SQLException, AddressFile.UnreadableFile {
        long started = System.nanoTime();
        String digest = sha256(file);
        long size = Files.size(file);
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            if (method == Method.COPY && !isPostgres(c)) {
                throw new IllegalArgumentException("COPY needs PostgreSQL; the embedded database loads with batches");
            }
            Generation g = loadingGeneration(c, file.getFileName().toString(), digest);
            long resumedAfter = g.linesDone;
            boolean embedded = !isPostgres(c);
            progress.begin(resumedAfter);
            try (ChunkReader reader = new ChunkReader(file, resumedAfter, chunkRows, g.id, method)) {
                // The first chunk has passed the header's checks: a file that is no address file
                // stops before the indexes are touched.
                Chunk chunk = reader.take();
                if (embedded && chunk != null) withoutIndexes(c);
                try {
                    for (; chunk != null; chunk = reader.take()) {
                        commitChunk(c, g, chunk, method, embedded);
                        progress.update(g.linesDone, g.loaded, g.rejected, chunk.bytesRead, size);
                    }
                } catch (IOException | SQLException | RuntimeException e) {
                    if (embedded) rebuildAfterFailure(c, g, e);
                    throw e;
                }
            }
            progress.update(g.linesDone, g.loaded, g.rejected, size, size);
            if (embedded) {
                progress.buildingIndexes();
                withIndexes(c, g);
            }
            long retired = switchTo(c, g.id);
            List<String> rejections = rejections(c, g.id);
            return new Outcome(g.id, g.loaded, g.rejected, retired, resumedAfter,
                    Duration.ofNanos(System.nanoTime() - started), rejections);
        }
    }

    private static final class Generation {
        long id;
        long linesDone;
        long loaded;
        long rejected;
    }

    /** The unfinished generation of this same file, to go on with, or a new one. */
    private static Generation loadingGeneration(Connection c, String fileName, String digest) throws SQLException {
        Generation g = new Generation();
        try (PreparedStatement s = c.prepareStatement("select generation, file_sha256, lines_done, rows_loaded,"
                + " rows_rejected from std_address_generation where state = 'LOADING'");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                if (digest.equals(rs.getString(2)) && g.id == 0) {
                    g.id = id;
                    g.linesDone = rs.getLong(3);
                    g.loaded = rs.getLong(4);
                    g.rejected = rs.getLong(5);
                } else {
                    discard(c, id);
                }
            }
        }
        if (g.id != 0) {
            c.commit();
            return g;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select coalesce(max(generation), 0) + 1 from std_address_generation")) {
            rs.next();
            g.id = rs.getLong(1);
        }
        try (PreparedStatement s = c.prepareStatement("insert into std_address_generation (generation, file_name,"
                + " file_sha256, state, lines_done, rows_loaded, rows_rejected, started_at)"
                + " values (?, ?, ?, 'LOADING', 0, 0, 0, ?)")) {
            s.setLong(1, g.id);
            s.setString(2, fileName.length() > 255 ? fileName.substring(0, 255) : fileName);
            s.setString(3, digest);
            s.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            s.executeUpdate();
        }
        c.commit();
        return g;
    }

    /** An unfinished load of another file: a new file replaces it. */
    private static void discard(Connection c, long generation) throws SQLException {
        for (String table : List.of("std_address", "std_address_rejected", "std_address_generation")) {
            try (PreparedStatement s = c.prepareStatement("delete from " + table + " where generation = ?")) {
                s.setLong(1, generation);
                s.executeUpdate();
            }
        }
    }

    /** An address ready to write: its row and its lookup key. */
    private record Row(long lineNo, StandardAddress address, String key) {
    }

    /**
     * A chunk of the file, read, checked and keyed: the rows to write (for COPY already as COPY's
     * text), the rejected lines, how many data lines it covers and how far into the file it ends.
     */
    private record Chunk(List<Row> rows, List<AddressFile.Line> bad, String copyText, int lines, long bytesRead) {
    }

    /**
     * Reads the file ahead on a thread of its own, a chunk at a time, while the previous chunk is being
     * written: reading, checking and keying a chunk then overlaps the database's work on the one
     * before instead of following it. Chunks come out in file order; two wait at most, besides the one
     * being written and the one being read, so the heap holds four chunks at most, never the file.
     */
    private final class ChunkReader implements AutoCloseable {
        private static final Chunk END = new Chunk(List.of(), List.of(), null, 0, 0);
        private final java.util.concurrent.BlockingQueue<Object> ready = new java.util.concurrent.ArrayBlockingQueue<>(2);
        private final Thread thread;
        private volatile boolean stopped;

        ChunkReader(Path file, long skipLines, int chunkRows, long generation, Method method) {
            thread = new Thread(() -> {
                Object last;
                try {
                    read(file, skipLines, chunkRows, generation, method);
                    last = END;
                } catch (Throwable e) {
                    last = e;
                }
                try {
                    if (!stopped) ready.put(last);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }, "address-file-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(Path file, long skipLines, int chunkRows, long generation, Method method)
                throws Exception {
            try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
                    AddressFile lines = new AddressFile(in, gazetteer)) {
                long skipped = 0;
                List<Row> rows = new ArrayList<>(chunkRows);
                List<AddressFile.Line> bad = new ArrayList<>();
                AddressFile.Line line;
                while (!stopped && (line = lines.next()) != null) {
                    if (skipped < skipLines) {
                        skipped++;
                        continue;
                    }
                    if (line.address() == null) bad.add(line);
                    else rows.add(new Row(line.lineNo(), line.address(), keys.of(line.address().address())));
                    if (rows.size() + bad.size() >= chunkRows) {
                        ready.put(chunk(rows, bad, generation, method, in.count()));
                        rows = new ArrayList<>(chunkRows);
                        bad = new ArrayList<>();
                    }
                }
                if (!stopped && rows.size() + bad.size() > 0) ready.put(chunk(rows, bad, generation, method, in.count()));
            }
        }

        private Chunk chunk(List<Row> rows, List<AddressFile.Line> bad, long generation, Method method, long bytesRead) {
            String text = method == Method.COPY ? copyText(generation, rows) : null;
            return new Chunk(rows, bad, text, rows.size() + bad.size(), bytesRead);
        }

        /** The next chunk in file order, null after the last; what stopped the reading is thrown here. */
        Chunk take() throws IOException, SQLException, AddressFile.UnreadableFile {
            Object next;
            try {
                next = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the file", e);
            }
            if (next == END) return null;
            if (next instanceof Chunk c) return c;
            if (next instanceof IOException e) throw e;
            if (next instanceof AddressFile.UnreadableFile e) throw e;
            if (next instanceof RuntimeException e) throw e;
            if (next instanceof Error e) throw e;
            throw new IOException((Throwable) next);
        }

        @Override
        public void close() {
            stopped = true;
            thread.interrupt();
            ready.clear();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void commitChunk(Connection c, Generation g, Chunk chunk, Method method, boolean embedded)
            throws SQLException, IOException {
        List<AddressFile.Line> bad = new ArrayList<>(chunk.bad());
        long loaded;
        try {
            if (method == Method.COPY) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(chunk.copyText()));
            } else {
                batch(c, g.id, chunk.rows());
            }
            loaded = chunk.rows().size();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) throw e;
            // A code twice in the file: the chunk again row by row, each later copy rejected.
            c.rollback();
            loaded = oneByOne(c, g.id, chunk.rows(), bad);
        }
        rejectAll(c, g.id, bad);
        long linesDone = g.linesDone + chunk.lines();
        try (PreparedStatement s = c.prepareStatement("update std_address_generation set lines_done = ?,"
                + " rows_loaded = ?, rows_rejected = ? where generation = ?")) {
            s.setLong(1, linesDone);
            s.setLong(2, g.loaded + loaded);
            s.setLong(3, g.rejected + bad.size());
            s.setLong(4, g.id);
            s.executeUpdate();
        }
        c.commit();
        if (embedded) {
            // H2 writes commits to its file in the background, half a second later: a kill would lose
            // chunks already reported, and the next run would do them again.
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
        }
        g.linesDone = linesDone;
        g.loaded += loaded;
        g.rejected += bad.size();
    }

    /**
     * The embedded ledger without its indexes while a file loads, the primary key included: H2 then
     * appends each chunk's rows to the table alone, and builds the indexes once at the end by sorting
     * (ADD PRIMARY KEY, CREATE INDEX). Kept up to date row by row, the primary key on codes in random
     * order made H2 rewrite most of its pages at every chunk's commit, which grew with the table.
     * No gateway reads the embedded file while the command has it open. Idempotent, so that a run
     * after a kill (during the load or during the build) does the same.
     */
    private static void withoutIndexes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String index : SECONDARY_INDEXES.keySet()) s.execute("drop index if exists " + index);
            if (hasPrimaryKey(c)) s.execute("alter table std_address drop primary key");
        }
        c.commit();
    }

    /**
     * The embedded ledger's indexes back after a load. A code on two lines of the file makes the
     * primary key fail: the later lines are then rejected, as a load with the key in place rejects
     * them, and the key is built again.
     */
    private static void withIndexes(Connection c, Generation g) throws SQLException {
        if (!hasPrimaryKey(c)) {
            try {
                addPrimaryKey(c);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) throw e;
                c.rollback();
                rejectLaterLinesOfACode(c, g);
                addPrimaryKey(c);
            }
        }
        try (Statement s = c.createStatement()) {
            for (var index : SECONDARY_INDEXES.entrySet()) {
                s.execute("create index if not exists " + index.getKey() + " on std_address " + index.getValue());
            }
        }
        c.commit();
    }

    private static void addPrimaryKey(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("alter table std_address add constraint std_address_pkey primary key (generation, code)");
        }
        c.commit();
    }

    private static boolean hasPrimaryKey(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from information_schema.table_constraints"
                        + " where lower(table_name) = 'std_address' and constraint_type = 'PRIMARY KEY'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Every line of {@code g} whose code an earlier line has: rejected and taken out, in one commit. */
    private static void rejectLaterLinesOfACode(Connection c, Generation g) throws SQLException {
        String later = " from std_address a where a.generation = ? and exists (select 1 from std_address b"
                + " where b.generation = a.generation and b.code = a.code and b.line_no < a.line_no)";
        try (Statement s = c.createStatement()) {
            s.execute("create index if not exists ix_std_address_code_line on std_address (generation, code, line_no)");
        }
        c.commit();
        int rejected;
        try (PreparedStatement s = c.prepareStatement("insert into std_address_rejected (generation, line_no, reason)"
                + " select a.generation, a.line_no, 'code ' || a.code || ' is on an earlier line too'" + later)) {
            s.setLong(1, g.id);
            rejected = s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("delete" + later)) {
            s.setLong(1, g.id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("update std_address_generation set rows_loaded = ?,"
                + " rows_rejected = ? where generation = ?")) {
            s.setLong(1, g.loaded - rejected);
            s.setLong(2, g.rejected + rejected);
            s.setLong(3, g.id);
            s.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("drop index ix_std_address_code_line");
        }
        c.commit();
        g.loaded -= rejected;
        g.rejected += rejected;
    }

    /**
     * A load that stopped on an error leaves the embedded ledger with its indexes, so that a gateway
     * started on it before the next run reads the current generation as fast as before; a kill
     * leaves that to the next run, which builds them at its end.
     */
    private static void rebuildAfterFailure(Connection c, Generation g, Exception failure) {
        try {
            c.rollback();
            withIndexes(c, g);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) return true;
            if (x instanceof BatchUpdateException && x.getCause() instanceof SQLException cause
                    && UNIQUE_VIOLATION.equals(cause.getSQLState())) return true;
        }
        return e.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState());
    }

    private void batch(Connection c, long generation, List<Row> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            int pending = 0;
            for (Row r : rows) {
                bind(s, generation, r);
                s.addBatch();
                if (++pending == 1000) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) s.executeBatch();
        }
    }

    private long oneByOne(Connection c, long generation, List<Row> rows, List<AddressFile.Line> bad)
            throws SQLException {
        long loaded = 0;
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            for (Row r : rows) {
                Savepoint before = c.setSavepoint();
                try {
                    bind(s, generation, r);
                    s.executeUpdate();
                    c.releaseSavepoint(before);
                    loaded++;
                } catch (SQLException e) {
                    if (!isUniqueViolation(e)) throw e;
                    c.rollback(before);
                    bad.add(new AddressFile.Line(r.lineNo(), null,
                            "code " + r.address().code() + " is on an earlier line too"));
                }
            }
        }
        bad.sort(java.util.Comparator.comparingLong(AddressFile.Line::lineNo));
        return loaded;
    }

    private static void bind(PreparedStatement s, long generation, Row r) throws SQLException {
        StandardAddress a = r.address();
        s.setLong(1, generation);
        s.setString(2, a.code());
        s.setString(3, a.address());
        s.setString(4, r.key());
        s.setString(5, a.countyCode());
        s.setString(6, a.townshipCode());
        s.setString(7, a.villageCode());
        s.setString(8, a.gridCode());
        s.setString(9, a.microGridCode());
        s.setBigDecimal(10, a.longitude());
        s.setBigDecimal(11, a.latitude());
        if (a.latitude() == null) {
            s.setNull(12, java.sql.Types.INTEGER);
        } else {
            s.setInt(12, StandardAddressBook.band(a.latitude()));
        }
        s.setLong(13, r.lineNo());
    }

    private static String copyText(long generation, List<Row> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 160);
        for (Row r : rows) {
            StandardAddress a = r.address();
            text.append(generation);
            field(text, a.code());
            field(text, a.address());
            field(text, r.key());
            field(text, a.countyCode());
            field(text, a.townshipCode());
            field(text, a.villageCode());
            field(text, a.gridCode());
            field(text, a.microGridCode());
            field(text, a.longitude() == null ? null : a.longitude().toPlainString());
            field(text, a.latitude() == null ? null : a.latitude().toPlainString());
            field(text, a.latitude() == null ? null : Integer.toString(StandardAddressBook.band(a.latitude())));
            text.append('\t').append(r.lineNo()).append('\n');
        }
        return text.toString();
    }

    /** One column of COPY's text format: tab before it, \N for null, backslash escapes. */
    private static void field(StringBuilder out, String value) {
        out.append('\t');
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    private static void rejectAll(Connection c, long generation, List<AddressFile.Line> bad) throws SQLException {
        if (bad.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(
                "insert into std_address_rejected (generation, line_no, reason) values (?, ?, ?)")) {
            for (AddressFile.Line l : bad) {
                s.setLong(1, generation);
                s.setLong(2, l.lineNo());
                String reason = l.rejection();
                s.setString(3, reason.length() > 300 ? reason.substring(0, 300) : reason);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The one commit that makes {@code generation} current: the codes it no longer has are kept as
     * retired, the pointer moves, and only afterwards are the old rows deleted (lookups that started
     * before the commit still read them). Returns how many codes were retired.
     */
    private static long switchTo(Connection c, long generation) throws SQLException {
        Long old = null;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select generation from std_address_current where id = 1")) {
            if (rs.next()) old = rs.getLong(1);
        }
        long retired = 0;
        if (old != null && old != generation) {
            try (PreparedStatement s = c.prepareStatement("delete from std_address_retired r where exists"
                    + " (select 1 from std_address n where n.generation = ? and n.code = r.code)")) {
                s.setLong(1, generation);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into std_address_retired (code, address,"
                    + " county_code, township_code, village_code, grid_code, micro_grid_code, retired_in)"
                    + " select o.code, o.address, o.county_code, o.township_code, o.village_code, o.grid_code,"
                    + " o.micro_grid_code, ? from std_address o where o.generation = ? and not exists"
                    + " (select 1 from std_address n where n.generation = ? and n.code = o.code)")) {
                s.setLong(1, generation);
                s.setLong(2, old);
                s.setLong(3, generation);
                retired = s.executeUpdate();
            }
        }
        int moved;
        try (PreparedStatement s = c.prepareStatement("update std_address_current set generation = ? where id = 1")) {
            s.setLong(1, generation);
            moved = s.executeUpdate();
        }
        if (moved == 0) {
            try (PreparedStatement s = c.prepareStatement(
                    "insert into std_address_current (id, generation) values (1, ?)")) {
                s.setLong(1, generation);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "update std_address_generation set state = 'REPLACED' where state = 'CURRENT'")) {
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("update std_address_generation set state = 'CURRENT',"
                + " finished_at = ? where generation = ?")) {
            s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            s.setLong(2, generation);
            s.executeUpdate();
        }
        c.commit();
        if (old != null && old != generation) {
            for (String table : List.of("std_address", "std_address_rejected")) {
                try (PreparedStatement s = c.prepareStatement("delete from " + table + " where generation = ?")) {
                    s.setLong(1, old);
                    s.executeUpdate();
                }
                c.commit();
            }
        }
        return retired;
    }

    private static List<String> rejections(Connection c, long generation) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select line_no, reason from std_address_rejected"
                + " where generation = ? order by line_no fetch first " + LISTED_REJECTIONS + " rows only")) {
            s.setLong(1, generation);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add("line " + rs.getLong(1) + ": " + rs.getString(2));
            }
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) md.update(buffer, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
