package org.fengqiao.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.fengqiao.gateway.jurisdiction.standard.ImportCommand;
import org.fengqiao.gateway.ledger.EmbeddedLedgerUrl;
import org.fengqiao.gateway.ledger.LedgerDatabase;

/** The import-addresses command, run in the test's JVM on the database the gateway under test uses. */
public final class StandardAddressFiles {

    private StandardAddressFiles() {
    }

    /** What the command said and how it ended. */
    public record Run(int status, String out, String err) {
    }

    public static Run load(LedgerDatabase ledger, Path file, String... options) throws Exception {
        Config config = ConfigProvider.getConfig();
        Function<String, String> settings = key -> config.getOptionalValue(key, String.class)
                .filter(v -> !v.isBlank()).orElse(null);
        List<String> args = new ArrayList<>(List.of(ImportCommand.NAME));
        if (ledger.embedded()) {
            // The very file the gateway has open (its folder is named at its start); in this JVM
            // H2 shares the open database with the command's connection.
            try (Connection c = ledger.connection()) {
                args.add("--jdbc-url");
                args.add(c.getMetaData().getURL().split(";", 2)[0] + EmbeddedLedgerUrl.OPTIONS);
            }
        }
        args.addAll(List.of(options));
        args.add(file.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ImportCommand(settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args.toArray(String[]::new));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
