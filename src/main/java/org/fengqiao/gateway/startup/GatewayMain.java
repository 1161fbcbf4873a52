package org.fengqiao.gateway.startup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.fengqiao.gateway.jurisdiction.standard.AddressFileGenerator;
import org.fengqiao.gateway.jurisdiction.standard.ImportCommand;

/**
 * The jar's entry point. With no command it starts the gateway exactly as before; the commands run
 * alone, without starting the gateway (no ports, no broker), and exit:
 * {@code import-addresses FILE} loads standard addresses, {@code generate-addresses REGION ROWS FILE}
 * writes a file of them for tests and the benchmark.
 */
@QuarkusMain
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
        Quarkus.run(args);
    }
}
