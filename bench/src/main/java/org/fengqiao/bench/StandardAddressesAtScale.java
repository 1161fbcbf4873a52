package org.fengqiao.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.jurisdiction.standard.AddressFileGenerator;
import org.fengqiao.gateway.jurisdiction.standard.AddressKey;
import org.fengqiao.gateway.jurisdiction.standard.StandardAddressBook;
import org.fengqiao.gateway.jurisdiction.standard.StandardAddressCoordinates;
import org.fengqiao.gateway.ledger.EmbeddedLedgerUrl;
import org.postgresql.PGConnection;

/**
 * Standard addresses at the seed county's scale (issue 29): a generated file of --rows addresses
 * loaded by the packaged jar's import-addresses command, as an operator runs it, into the embedded
 * ledger (batched INSERTs) and, given --db-url, into PostgreSQL (COPY and batched INSERTs), beside
 * PostgreSQL's own COPY of the same file into a plain table in the same run; then, on each loaded
 * database, the gateway's lookup by code (p50 / p99 / max over random codes of the file, one
 * connection, after a warm-up) and the rate of address-text lookups (normalise, then the query by
 * text) on one thread. Prints the figures and writes them with the machine to JSON.
 */
public final class StandardAddressesAtScale {

    /** Rows per committed chunk for every import of the run (--chunk); the command's default when absent. */
    private static String chunk;
    /** The packaged gateway whose command loads (--jar), to set two builds side by side. */
    private static String jar;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        chunk = o.get("--chunk");
        jar = o.getOrDefault("--jar", "target/quarkus-app/quarkus-run.jar");
        long rows = Long.parseLong(o.getOrDefault("--rows", "6329834"));
        String region = o.getOrDefault("--region", "3306");
        int lookups = Integer.parseInt(o.getOrDefault("--lookups", "100000"));
        int positionLookups = Integer.parseInt(o.getOrDefault("--position-lookups", "20000"));
        Path out = Path.of(o.getOrDefault("--out", "bench/target/addresses.json"));
        Path work = Files.createDirectories(out.toAbsolutePath().getParent().resolve("addresses"));
        Path file = work.resolve("addresses-" + region + "-" + rows + ".csv");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", new LinkedHashMap<>(o));
        json.put("machine", Report.machine());
        long t0 = System.nanoTime();
        if (Files.exists(file)) {
            // Same region, size and seed: the same file, which takes minutes to write at full size.
            System.out.println("reusing " + file);
        } else {
            new AddressFileGenerator(Gazetteer.loadDefault(), region).write(file, rows, 29);
            json.put("generateSeconds", (System.nanoTime() - t0) / 1e9);
        }
        json.put("fileBytes", Files.size(file));
        List<String[]> sample = sample(file, lookups, rows);

        String heap = o.get("--import-heap");
        if (!o.containsKey("--skip-embedded")) {
            Path dataDir = work.resolve("embedded-ledger");
            Map<String, Object> embedded = new LinkedHashMap<>();
            if (o.containsKey("--reuse-embedded") && Files.isDirectory(dataDir.resolve("ledger"))) {
                System.out.println("reusing the embedded ledger loaded before: lookups only");
            } else {
                deleteTree(dataDir);
                embedded.put("import", importWithJar(file, Map.of("GATEWAY_DATA_DIR", dataDir.toString()), "batch",
                        heap));
            }
            String h2 = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ledger").resolve("fengqiao")
                    + EmbeddedLedgerUrl.OPTIONS;
            try (Connection c = DriverManager.getConnection(h2, "sa", "")) {
                embedded.putAll(lookups(c, sample, positionLookups));
            }
            json.put("embedded", embedded);
        }

        if (o.containsKey("--db-url")) {
            String url = o.get("--db-url");
            String user = o.getOrDefault("--db-user", "fengqiao");
            String password = o.getOrDefault("--db-password", "fengqiao");
            Map<String, String> env = Map.of("GATEWAY_DB_URL", url, "GATEWAY_DB_USER", user,
                    "GATEWAY_DB_PASSWORD", password);
            Map<String, Object> pg = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                pg.put("postgresCopySeconds", postgresOwnCopy(c, file));
            }
            pg.put("importCopy", importWithJar(file, env, "copy", heap));
            if (!o.containsKey("--skip-batch")) pg.put("importBatch", importWithJar(file, env, "batch", heap));
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                pg.putAll(lookups(c, sample, positionLookups));
            }
            json.put("postgresql", pg);
        }
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }

    /**
     * The packaged jar's command, timed from outside: JVM start, migrations, load and switch; with its
     * peak resident memory (VmHWM) and, given {@code heap}, a maximum heap that shows the load bounded.
     */
    private static Map<String, Object> importWithJar(Path file, Map<String, String> env, String method, String heap)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        if (heap != null) command.add("-Xmx" + heap);
        command.addAll(List.of("-jar", jar, "import-addresses", "--method", method));
        if (chunk != null) command.addAll(List.of("--chunk", chunk));
        command.add(file.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long t0 = System.nanoTime();
        Process p = pb.start();
        ProcessWatch watch = ProcessWatch.of(p);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status != 0) throw new IllegalStateException("import-addresses (" + method + ") exited " + status);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", method);
        r.put("seconds", seconds);
        r.put("maxHeap", heap == null ? "JVM default" : heap);
        r.put("peakResidentMB", watch.peakResidentKb() / 1024);
        r.put("summary", output.lines().filter(l -> l.startsWith("generation")).findFirst().orElse(output));
        System.out.printf(Locale.ROOT, "import (%s): %.1f s%n", method, seconds);
        return r;
    }

    /** PostgreSQL's own COPY of the same CSV into a plain table of text columns: the floor for the import. */
    private static double postgresOwnCopy(Connection c, Path file) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists bench_std_address_copy");
            s.execute("create table bench_std_address_copy (code text, address text, county_code text,"
                    + " township_code text, village_code text, grid_code text, micro_grid_code text,"
                    + " longitude text, latitude text)");
        }
        long t0 = System.nanoTime();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy bench_std_address_copy from stdin with (format csv, header true)", r);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Statement s = c.createStatement()) {
            s.execute("drop table bench_std_address_copy");
        }
        System.out.printf(Locale.ROOT, "PostgreSQL's own COPY: %.1f s%n", seconds);
        return seconds;
    }

    /** The gateway's two lookups on one connection: by code (latency) and by normalised text (rate). */
    private static Map<String, Object> lookups(Connection c, List<String[]> sample, int positionLookups)
            throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        Histogram byCode = new Histogram(3_600_000_000_000L, 3);
        SplittableRandom random = new SplittableRandom(7);
        try (PreparedStatement s = c.prepareStatement(StandardAddressBook.BY_CODE)) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                byCode.reset();
                for (int i = 0; i < sample.size(); i++) {
                    String code = sample.get(random.nextInt(sample.size()))[0];
                    long t0 = System.nanoTime();
                    s.setString(1, code);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) throw new IllegalStateException("code not found: " + code);
                    }
                    byCode.recordValue(System.nanoTime() - t0);
                }
            }
        }
        r.put("codeLookupP50Micros", byCode.getValueAtPercentile(50) / 1000.0);
        r.put("codeLookupP99Micros", byCode.getValueAtPercentile(99) / 1000.0);
        r.put("codeLookupMaxMicros", byCode.getMaxValue() / 1000.0);
        AddressKey keys = new AddressKey(Gazetteer.loadDefault());
        long found = 0;
        long t0 = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(StandardAddressBook.BY_KEY)) {
            for (String[] row : sample) {
                s.setString(1, keys.of(row[1].replace("浙江省", "")));
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) found++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        r.put("textLookupsPerSecond", sample.size() / seconds);
        r.put("textLookupsFound", found);
        // A point to its nearest addresses (Open311 lat/long): the gateway's box query at each sampled position.
        Histogram byPosition = new Histogram(3_600_000_000_000L, 3);
        long rowsBack = 0;
        for (int round = 0; round < 2; round++) {
            byPosition.reset();
            rowsBack = 0;
            // Fewer than the codes: each point reads a few bands of the index.
            for (String[] row : sample.subList(0, Math.min(positionLookups, sample.size()))) {
                if (row[2] == null) continue;
                double lat = Double.parseDouble(row[3]);
                double lon = Double.parseDouble(row[2]);
                double dLat = Math.toDegrees(300 / 6_371_008.8);
                double dLon = dLat / Math.cos(Math.toRadians(lat));
                long t1 = System.nanoTime();
                try (PreparedStatement s = StandardAddressBook.near(c, lat, lon, dLat, dLon,
                        StandardAddressCoordinates.ROWS); ResultSet rs = s.executeQuery()) {
                    while (rs.next()) rowsBack++;
                }
                byPosition.recordValue(System.nanoTime() - t1);
            }
        }
        r.put("positionLookupP50Micros", byPosition.getValueAtPercentile(50) / 1000.0);
        r.put("positionLookupP99Micros", byPosition.getValueAtPercentile(99) / 1000.0);
        r.put("positionLookupMaxMicros", byPosition.getMaxValue() / 1000.0);
        r.put("positionLookups", Math.min(positionLookups, sample.size()));
        r.put("positionLookupRowsPerPoint", (double) rowsBack / Math.min(positionLookups, sample.size()));
        System.out.printf(Locale.ROOT, "position lookup p50 %.0f µs, p99 %.0f µs, %.0f rows a point%n",
                byPosition.getValueAtPercentile(50) / 1000.0, byPosition.getValueAtPercentile(99) / 1000.0,
                (double) rowsBack / Math.min(positionLookups, sample.size()));
        System.out.printf(Locale.ROOT, "code lookup p99 %.0f µs; text lookups %.0f/s%n",
                byCode.getValueAtPercentile(99) / 1000.0, sample.size() / seconds);
        return r;
    }

    /** About {@code count} data lines spread over the file (code, address). */
    private static List<String[]> sample(Path file, int count, long rows) throws IOException {
        long every = Math.max(1, rows / count);
        List<String[]> out = new ArrayList<>(count);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            String line;
            long i = 0;
            while ((line = r.readLine()) != null) {
                if (i++ % every == 0 && out.size() < count) {
                    String[] f = line.split(",", -1);
                    boolean placed = f.length >= 9 && !f[7].isEmpty() && !f[8].isEmpty();
                    out.add(new String[] {f[0], f[1], placed ? f[7] : null, placed ? f[8] : null});
                }
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected " + args[i]);
            o.put(args[i], args[i + 1]);
        }
        return o;
    }
}
