// PgbenchTest: command-line arguments per scenario and parsing of pgbench's summary.
package dev.switchboard.bench.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bench.targets.Credentials;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgbenchTest {
    private final Pgbench pgbench = new Pgbench(Path.of("/usr/bin/pgbench"), Credentials.APP);

    @Test
    void selectOnlyCommand() {
        assertEquals(List.of("/usr/bin/pgbench", "-S", "-n", "-M", "prepared", "-c", "100", "-j", "2", "-T", "5",
                        "-h", "127.0.0.1", "-p", "6432", "-U", "app", "app"),
                pgbench.command("127.0.0.1", 6432, "app", new PgbenchOptions(100, "prepared", 5, false, 0, null)));
    }

    @Test
    void unixSocketIsTheDirectoryAsHostAndItsOwnDatabase() {
        assertEquals(List.of("/usr/bin/pgbench", "-S", "-n", "-M", "simple", "-c", "10", "-j", "2", "-T", "5",
                        "-h", "/tmp/sock", "-p", "6432", "-U", "app", "app_unix"),
                pgbench.command("/tmp/sock", 6432, Credentials.APP.unixDatabase(),
                        new PgbenchOptions(10, "simple", 5, false, 0, null)));
    }

    @Test
    void oneClientUsesOneThread() {
        assertEquals(List.of("-S", "-n", "-M", "simple", "-c", "1", "-j", "1", "-T", "5"),
                new PgbenchOptions(1, "simple", 5, false, 0, null).arguments());
    }

    @Test
    void stormAndRateAndLog() {
        assertEquals(List.of("-S", "-n", "-M", "simple", "-c", "10", "-j", "2", "-T", "3", "-C", "-R", "2000", "-l",
                        "--log-prefix=/tmp/l"),
                new PgbenchOptions(10, "simple", 3, true, 2000, Path.of("/tmp/l")).arguments());
    }

    @Test
    void parsesTheSummary() {
        String output = """
                pgbench (15.18 (Debian 15.18-0+deb12u1), server 18.6)
                transaction type: <builtin: select only>
                number of clients: 10
                number of transactions actually processed: 163456
                number of failed transactions: 0 (0.000%)
                latency average = 0.305 ms
                initial connection time = 12.345 ms
                tps = 32712.123456 (without initial connection time)
                """;
        PgbenchOutput out = PgbenchOutput.parse(output);
        assertEquals(32712.123456, out.tps());
        assertEquals(163456, out.transactions());
    }

    @Test
    void missingSummaryIsAnErrorWithTheOutput() {
        var e = assertThrows(IllegalStateException.class, () -> PgbenchOutput.parse("connection refused"));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void failureNamesTheFirstErrorNotTheAbortLine() {
        String output = """
                pgbench (15.18, server 18.6)
                pgbench: error: ERROR:  prepared statement "P_0" already exists
                pgbench: error: ERROR:  prepared statement "P_0" already exists
                tps = 16891.058544 (without initial connection time)
                pgbench: error: Run was aborted; the above results are incomplete.
                """;
        assertEquals("pgbench: error: ERROR:  prepared statement \"P_0\" already exists", Pgbench.failure(output));
        assertEquals("connection refused", Pgbench.failure("connection refused\n"));
    }
}
