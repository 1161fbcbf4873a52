package org.fengqiao.gateway.jurisdiction.standard;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

import org.flywaydb.core.Flyway;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.EmbeddedLedgerUrl;
import org.fengqiao.gateway.observability.ProgressBar;

/**
 * {@code import-addresses [--method batch|copy] [--chunk ROWS] [--jdbc-url URL] FILE}: loads a standard
 * address file into the ledger's database, the one the gateway uses with the same settings
 * (GATEWAY_DB_URL, GATEWAY_DB_USER, GATEWAY_DB_PASSWORD, else the embedded file under
 * GATEWAY_DATA_DIR). Runs without starting the gateway; the embedded file can only be loaded while
 * no gateway has it open, PostgreSQL at any time.
 *
 * <p>Exit status: 0 loaded (rejected lines listed), 1 failed (run it again to go on), 2 wrong use.
 */
public final class ImportCommand {

    public static final String NAME = "import-addresses";

    private final Function<String, String> settings;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param settings a gateway setting by its key ({@code gateway.db.url}), null when unset
     * @param terminal true to redraw the progress bar in place, false to print it a line at a time
     */
    public ImportCommand(Function<String, String> settings, PrintStream out, PrintStream err, boolean terminal) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** The process's own settings: system properties, then environment variables (GATEWAY_DB_URL …). */
    public static Function<String, String> processSettings() {
        return key -> {
            String v = System.getProperty(key);
            if (v == null) v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            return v == null || v.isBlank() ? null : v;
        };
    }

    public static void main(String[] args) {
        System.exit(new ImportCommand(processSettings(), System.out, System.err, System.console() != null).run(args));
    }

    public int run(String... args) {
        AddressImport.Method method = null;
        int chunk = 0;
        String jdbcUrl = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(NAME) && i == 0) continue;
            if ((a.equals("--method") || a.equals("--chunk") || a.equals("--jdbc-url")) && i + 1 >= args.length) {
                return usage(a + " needs a value");
            }
            switch (a) {
                case "--method" -> {
                    String m = args[++i].toUpperCase(Locale.ROOT);
                    if (!m.equals("BATCH") && !m.equals("COPY")) return usage("--method is batch or copy");
                    method = AddressImport.Method.valueOf(m);
                }
                case "--chunk" -> {
                    try {
                        chunk = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        chunk = -1;
                    }
                    if (chunk < 1) return usage("--chunk is a number of rows");
                }
                case "--jdbc-url" -> jdbcUrl = args[++i];
                case "-h", "--help" -> {
                    return usage(null);
                }
                default -> {
                    if (a.startsWith("--")) return usage("unknown option " + a);
                    files.add(a);
                }
            }
        }
        if (files.size() != 1) return usage("name one file");
        Path file = Path.of(files.get(0));
        if (!Files.isRegularFile(file)) return usage("no such file: " + file);

        String url = jdbcUrl != null ? jdbcUrl : settings.apply("gateway.db.url");
        boolean postgres = url != null && url.startsWith("jdbc:postgresql:");
        if (url == null) {
            String dataDir = settings.apply("gateway.data-dir");
            url = "jdbc:h2:file:" + Path.of(dataDir == null ? "data" : dataDir).toAbsolutePath().normalize()
                    .resolve("ledger").resolve("fengqiao") + EmbeddedLedgerUrl.OPTIONS + importCacheSize();
        }
        if (method == null) method = postgres ? AddressImport.Method.COPY : AddressImport.Method.BATCH;
        if (method == AddressImport.Method.COPY && !postgres) return usage("--method copy needs PostgreSQL");
        if (chunk == 0) chunk = method == AddressImport.Method.COPY ? 50_000 : 10_000;

        Gazetteer gazetteer;
        try {
            gazetteer = Gazetteer.forRegion(
                    orDefault(settings.apply("gateway.jurisdiction.region"), Gazetteer.DEFAULT_REGION));
        } catch (IllegalArgumentException e) {
            return usage("gateway.jurisdiction.region: " + e.getMessage());
        }

        String finalUrl = url;
        Properties props = new Properties();
        props.setProperty("user", postgres ? orDefault(settings.apply("gateway.db.user"), "fengqiao") : "sa");
        String password = postgres ? settings.apply("gateway.db.password") : null;
        props.setProperty("password", password == null ? "" : password);
        // One statement per batch instead of one per row: the driver's own rewriting.
        if (postgres) props.setProperty("reWriteBatchedInserts", "true");
        AddressImport.Database db = () -> DriverManager.getConnection(finalUrl, props);
        try {
            migrate(db, finalUrl, props, postgres);
            ProgressBar bar = new ProgressBar(err, terminal, "rows");
            var outcome = new AddressImport(db, gazetteer).run(file, method, chunk,
                    new AddressImport.Progress() {
                        @Override
                        public void begin(long linesDone) {
                            bar.begin(linesDone);
                        }

                        @Override
                        public void update(long linesDone, long loaded, long rejected, long bytesRead,
                                long bytesTotal) {
                            bar.update(linesDone, loaded, rejected, bytesRead, bytesTotal);
                        }

                        @Override
                        public void buildingIndexes() {
                            bar.finish();
                            err.println(NAME + ": every row is in; building the indexes");
                        }
                    });
            bar.finish();
            report(outcome, method);
            return 0;
        } catch (AddressFile.UnreadableFile e) {
            err.println(NAME + ": " + file.getFileName() + ": " + e.getMessage());
            return 2;
        } catch (SQLException e) {
            if (e.getErrorCode() == 90020) { // H2: DATABASE_ALREADY_OPEN
                err.println(NAME + ": the embedded ledger is open in a running gateway; stop it first,"
                        + " or load into PostgreSQL while it runs");
            } else {
                err.println(NAME + ": the database refused: " + e.getMessage());
            }
            err.println(NAME + ": nothing committed is lost; run the same command again to go on");
            return 1;
        } catch (Exception e) {
            err.println(NAME + ": " + e);
            err.println(NAME + ": nothing committed is lost; run the same command again to go on");
            return 1;
        }
    }

    /**
     * The gateway's own schema migrations, so that the command works on a database no gateway has
     * started on. A database that has the tables already is left to the gateway, which migrates it.
     */
    private static void migrate(AddressImport.Database db, String url, Properties props, boolean postgres)
            throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.executeQuery("select count(*) from std_address_current").close();
            return;
        } catch (SQLException absent) {
            if (absent.getErrorCode() == 90020) throw absent; // H2: the file is open elsewhere
        }
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
        if (!postgres) locations.add("classpath:db/embedded");
        Flyway.configure(ImportCommand.class.getClassLoader())
                .dataSource(url, props.getProperty("user"), props.getProperty("password"))
                .locations(locations.toArray(String[]::new))
                .load().migrate();
    }

    private void report(AddressImport.Outcome o, AddressImport.Method method) {
        if (o.resumedAfterLine() > 0) {
            out.printf("went on after data line %,d of an import that had stopped%n", o.resumedAfterLine());
        }
        out.printf("generation %d is current: %,d addresses loaded, %,d lines rejected, %,d codes retired"
                + " (%s, %.1f s)%n", o.generation(), o.loaded(), o.rejected(), o.retired(),
                method.name().toLowerCase(Locale.ROOT), o.took().toMillis() / 1000.0);
        for (String r : o.rejections()) out.println("rejected " + r);
        if (o.rejected() > o.rejections().size()) {
            out.printf("… and %,d more: table std_address_rejected, generation %d%n",
                    o.rejected() - o.rejections().size(), o.generation());
        }
    }

    private int usage(String problem) {
        if (problem != null) err.println(NAME + ": " + problem);
        err.println("usage: java -jar quarkus-run.jar " + NAME + " [--method batch|copy] [--chunk ROWS]"
                + " [--jdbc-url URL] FILE");
        err.println("  FILE: CSV or TSV in UTF-8 with a header line (docs/addresses.md)");
        err.println("  the database: GATEWAY_DB_URL/USER/PASSWORD, else the embedded ledger under GATEWAY_DATA_DIR");
        return 2;
    }

    /**
     * H2's page cache for a load, in KB: a quarter of the heap, at most 1 GB. The gateway's small
     * cache suits lookups; a load writes into B-trees of millions of rows, and with a small cache H2
     * reads back from the file the pages it has just written. The cache stays inside the heap the
     * command is given (-Xmx), so the load stays bounded by it.
     */
    static String importCacheSize() {
        long kb = Math.min(Runtime.getRuntime().maxMemory() / 4, 1L << 30) / 1024;
        return ";CACHE_SIZE=" + Math.max(16 * 1024, kb);
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
