package org.fengqiao.gateway.backfill;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import org.apache.camel.spi.CamelEvent;
import org.fengqiao.gateway.ledger.BackfillLedger;
import org.fengqiao.gateway.observability.ProgressBar;

/**
 * {@code backfill --source SOURCE [--rejected FILE] FILE...}: imports historical exports of one source
 * (docs/backfill.md) and exits. Unlike the jar's other commands it starts the gateway, with the
 * settings it would start with: the import needs what live intake uses (the source's definition, the
 * gazetteer, the routing policy, the personal-data keys) and delivers open records through the
 * delivery guarantee. Once the routes run, the files are imported one after the other; then the
 * gateway stops.
 *
 * <p>Exit status: 0 imported (rejected records listed in the rejected file), 1 stopped by a failure
 * (run the same command again to go on), 2 wrong use.
 */
@ApplicationScoped
public class BackfillCommand {

    public static final String NAME = "backfill";
    /** The command's arguments, handed from the entry point to the started gateway. */
    static final String SOURCE = "fengqiao.backfill.source";
    static final String FILES = "fengqiao.backfill.files";
    static final String REJECTED = "fengqiao.backfill.rejected";

    @Inject
    Backfill backfill;

    /**
     * Checks the command's arguments and hands them to the gateway about to start.
     *
     * @return -1 to start the gateway, else the exit status (wrong use)
     */
    public static int prepare(String[] args, PrintStream err) {
        String source = null;
        String rejected = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(NAME) && i == 0) {
                continue;
            }
            if ((a.equals("--source") || a.equals("--rejected")) && i + 1 >= args.length) {
                return usage(err, a + " needs a value");
            }
            switch (a) {
                case "--source" -> source = args[++i].toUpperCase(Locale.ROOT);
                case "--rejected" -> rejected = args[++i];
                case "-h", "--help" -> {
                    return usage(err, null);
                }
                default -> {
                    if (a.startsWith("--")) {
                        return usage(err, "unknown option " + a);
                    }
                    files.add(a);
                }
            }
        }
        if (source == null) {
            return usage(err, "name the source: --source HOTLINE_12345");
        }
        if (files.isEmpty()) {
            return usage(err, "name at least one file");
        }
        if (rejected != null && files.size() > 1) {
            return usage(err, "--rejected names the file of one import: name one FILE with it");
        }
        for (String f : files) {
            if (!Files.isRegularFile(Path.of(f))) {
                return usage(err, "no such file: " + f);
            }
        }
        System.setProperty(SOURCE, source);
        System.setProperty(FILES, String.join(java.io.File.pathSeparator, files.stream()
                .map(f -> Path.of(f).toAbsolutePath().toString()).toList()));
        if (rejected != null) {
            System.setProperty(REJECTED, Path.of(rejected).toAbsolutePath().toString());
        }
        // The command's own output is its progress and its report; the gateway says only what goes wrong.
        System.setProperty("quarkus.banner.enabled", "false");
        if (System.getProperty("quarkus.log.console.level") == null) {
            System.setProperty("quarkus.log.console.level", "WARN");
        }
        return -1;
    }

    private static int usage(PrintStream err, String problem) {
        if (problem != null) {
            err.println(NAME + ": " + problem);
        }
        err.println("usage: java -jar quarkus-run.jar " + NAME + " --source SOURCE [--rejected FILE] FILE...");
        err.println("  FILE: the source's historical export, JSON lines or XML records (docs/backfill.md)");
        err.println("  the gateway starts with its usual settings to import, then stops; run it again to go on");
        return 2;
    }

    /** Once the routes run: the import, on a thread of its own, then the gateway's stop with its status. */
    void onStarted(@Observes CamelEvent.CamelContextStartedEvent started) {
        String source = System.getProperty(SOURCE);
        if (source == null) {
            return;
        }
        Thread command = new Thread(() -> Quarkus.asyncExit(run(source, System.out, System.err,
                System.console() != null)), NAME);
        command.start();
    }

    int run(String source, PrintStream out, PrintStream err, boolean terminal) {
        if (!backfill.sources().contains(source)) {
            err.println(NAME + ": no source " + source + "; the sources are " + backfill.sources());
            return 2;
        }
        for (String name : System.getProperty(FILES).split(java.io.File.pathSeparator)) {
            Path file = Path.of(name);
            try {
                BackfillLedger.Run run = backfill.begin(source, file);
                ProgressBar bar = new ProgressBar(err, terminal, "records");
                Backfill.Report report = backfill.run(run, file, bar);
                bar.finish();
                report(report, file, out);
            } catch (Exception e) {
                err.println(NAME + ": " + file.getFileName() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null || e instanceof java.sql.SQLException ? "" : ": " + e.getMessage()));
                err.println(NAME + ": nothing committed is lost; run the same command again to go on");
                return 1;
            }
        }
        return 0;
    }

    private void report(Backfill.Report report, Path file, PrintStream out) throws Exception {
        BackfillLedger.Run run = report.run();
        if (report.resumedAfter() > 0) {
            out.printf("went on after record %,d of an import that had stopped%n", report.resumedAfter());
        }
        long read = run.imported() + run.alreadyPresent() + run.rejected();
        out.printf("%s %s: %,d read, %,d imported, %,d already present, %,d rejected; %,d open past their"
                + " deadline listed for the county centre (import %d, %.1f s)%n", run.sourceSystem(),
                file.getFileName(), read, run.imported(), run.alreadyPresent(), run.rejected(), run.overdue(),
                run.runId(), report.took().toMillis() / 1000.0);
        out.printf("time: %.1f s preparing chunks (mapping, enrichment, keys), %.1f s writing them to the ledger,"
                + " %.1f s of it waited for%n", report.preparing().toMillis() / 1000.0,
                report.writing().toMillis() / 1000.0, report.waitingForWrites().toMillis() / 1000.0);
        String named = System.getProperty(REJECTED);
        Path rejectedFile = named != null ? Path.of(named)
                : file.resolveSibling(file.getFileName() + ".rejected.txt");
        if (run.rejected() == 0) {
            Files.deleteIfExists(rejectedFile); // one of an earlier import of this file, no longer true
            return;
        }
        // Written aside and moved in place: the file is whole or absent, never half-written.
        Path partial = rejectedFile.resolveSibling(rejectedFile.getFileName() + ".partial");
        try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            w.write("# " + run.sourceSystem() + " " + run.fileName() + ": the rejected records, by line (JSON lines)"
                    + " or by record (XML), and why\n");
            for (BackfillLedger.Rejection r : backfill.rejections(run.runId())) {
                w.write(r.lineNo() + "\t" + r.reason() + "\n");
            }
        }
        Files.move(partial, rejectedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.printf("rejected records: %s%n", rejectedFile);
    }
}
