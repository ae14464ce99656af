// ImportPgbouncerCommand: `switchboard import-pgbouncer FILE [-o OUT]`, PgBouncer configuration as Switchboard YAML.
package dev.switchboard.proxy.cli;

import dev.switchboard.proxy.pgbouncer.PgbouncerConversion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The YAML goes to standard output or OUT; every setting that did not map goes to standard error with the reason. */
final class ImportPgbouncerCommand {

    private ImportPgbouncerCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path ini = null;
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("-o") || args[i].equals("--output")) && i + 1 < args.length) {
                output = Path.of(args[++i]);
            } else if (ini == null && !args[i].startsWith("-")) {
                ini = Path.of(args[i]);
            } else {
                throw new Main.UsageException("unknown option for import-pgbouncer: " + args[i]);
            }
        }
        if (ini == null) {
            throw new Main.UsageException("import-pgbouncer needs the PgBouncer configuration FILE");
        }
        if (!Files.isReadable(ini)) {
            err.println("switchboard: cannot read " + ini);
            return 2;
        }
        PgbouncerConversion.Result result;
        try {
            result = PgbouncerConversion.convert(ini);
        } catch (IOException e) {
            err.println("switchboard: cannot read " + ini + " or its auth_file: " + e.getMessage());
            return 1;
        }
        for (String notice : result.notices()) {
            err.println(notice);
        }
        if (output == null) {
            out.print(result.yaml());
            return 0;
        }
        try {
            Files.writeString(output, result.yaml());
        } catch (IOException e) {
            err.println("switchboard: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        err.println("wrote " + output + " (" + result.notices().size() + " settings not mapped or mapped"
                + " differently, listed above); check it with: switchboard check-config " + output);
        return 0;
    }
}
