package org.fengqiao.gateway.startup;

import io.quarkus.runtime.Quarkus;
import org.fengqiao.gateway.backfill.BackfillCommand;
import org.fengqiao.gateway.backfill.ExportGenerator;
import org.fengqiao.gateway.jurisdiction.standard.AddressFileGenerator;
import org.fengqiao.gateway.jurisdiction.standard.ImportCommand;

/**
 * The jar's entry point ({@code quarkus.package.main-class}). With no command it starts the gateway
 * exactly as Quarkus's own main does; the commands run
 * alone, without starting the gateway (no ports, no broker), and exit:
 * {@code import-addresses FILE} loads standard addresses, {@code generate-addresses REGION ROWS FILE}
 * writes a file of them for tests and the benchmark; {@code generate-history SOURCE RECORDS FILE} writes a
 * historical export of a source. {@code backfill --source SOURCE FILE...} is the exception: it starts the
 * gateway, imports the files and stops it (BackfillCommand).
 *
 * <p>Named by configuration, not annotated {@code @QuarkusMain}: Camel Quarkus starts its context by
 * itself only while no class carries that annotation, and the tests rely on that start.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
            System.exit(new ImportCommand(ImportCommand.processSettings(), System.out, System.err,
                    System.console() != null).run(args));
        }
        if (args.length > 0 && AddressFileGenerator.NAME.equals(args[0])) {
            System.exit(AddressFileGenerator.command(args, System.out, System.err));
        }
        if (args.length > 0 && ExportGenerator.NAME.equals(args[0])) {
            System.exit(ExportGenerator.command(args, System.out, System.err));
        }
        if (args.length > 0 && BackfillCommand.NAME.equals(args[0])) {
            int wrongUse = BackfillCommand.prepare(args, System.err);
            if (wrongUse >= 0) {
                System.exit(wrongUse);
            }
            // The command's arguments are not the gateway's: they went to BackfillCommand as properties.
            Quarkus.run();
            return;
        }
        Quarkus.run(args);
    }
}
