// ImportPgbouncerCommandTest: the CLI converts a PgBouncer file into one that the CLI's check-config accepts.
package dev.switchboard.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPgbouncerCommandTest {
    private static final Path GATEWAY = Path.of("src", "test", "resources", "pgbouncer", "gateway", "pgbouncer.ini");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheFileThatCheckConfigAcceptsAndReportsTheRestOnStandardError() {
        Path yaml = dir.resolve("switchboard.yaml");

        assertEquals(0, run("import-pgbouncer", GATEWAY.toString(), "-o", yaml.toString()), err());
        assertTrue(err().contains("pgbouncer.ini:") && err().contains("reserve_pool_size"), err());
        assertTrue(err().contains("wrote " + yaml), err());
        assertEquals("", out(), "with -o nothing goes to standard output");

        assertEquals(0, run("check-config", yaml.toString()), err());
        assertTrue(out().contains(": OK ("), out());
    }

    @Test
    void withoutOutputTheYamlGoesToStandardOutput() throws Exception {
        assertEquals(0, run("import-pgbouncer", GATEWAY.toString()), err());
        String yaml = out();
        assertTrue(yaml.contains("databases:") && yaml.contains("clusters:"), yaml);
        Path file = dir.resolve("stdout.yaml");
        Files.writeString(file, yaml);
        assertEquals(0, run("check-config", file.toString()), err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("import-pgbouncer"));
        assertEquals(2, run("import-pgbouncer", dir.resolve("missing.ini").toString()));
        assertTrue(err().contains("cannot read"), err());
        assertEquals(2, run("import-pgbouncer", GATEWAY.toString(), "--bogus"));
    }

    @Test
    void helpNamesTheCommand() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("import-pgbouncer FILE [-o OUT]"), out());
    }
}
