// SwitchoverIT: the console's SWITCHOVER under pgbench -c 50 — the test stops the old primary and promotes the standby; no client sees an error.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.embedded.PgNode;
import dev.switchboard.embedded.StopMode;
import dev.switchboard.proxy.it.Await;
import dev.switchboard.proxy.it.ExternalProgram;
import dev.switchboard.proxy.topology.ClusterHold;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A planned switchover without an authority: psql runs {@code SWITCHOVER main TO <standby>} on the console while
 * pgbench (TPC-B, transaction mode, 50 clients over 20 servers) runs through the proxy. Once the proxy reports
 * the cluster PROMOTING — new transactions held, those in flight finished — the test stops the old primary and
 * promotes the standby, as an operator or an HA tool would. SWITCHOVER answers when held transactions run on the
 * new primary. No pgbench transaction fails and no client aborts; the write pause is printed, not asserted.
 */
class SwitchoverIT {
    private static final int POOL_SIZE = 20;
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TopologyFixture fixture = TopologyFixture.perClass(1);

    @Test
    void pgbenchSeesNoErrorThroughAPlannedSwitchover() throws Exception {
        PgNode primary = fixture.primary();
        PgNode standby = fixture.standby(0);
        ExternalProgram.Result init = ExternalProgram.require("pgbench").run(
                List.of("-i", "-s", "1", "-q", TopologyFixture.directUri(primary)), Map.of(), null,
                Duration.ofSeconds(120));
        assertEquals(0, init.exitCode(), init.toString());
        fixture.cluster().awaitStandbysCaughtUp();
        fixture.startProxyWith("admin_users: [ app ]", "{ mode: transaction, size: " + POOL_SIZE
                + ", wait_timeout: 30s }", "app: { cluster: main, dbname: app, target: read-write }");

        BackgroundPgbench pgbench = BackgroundPgbench.start(fixture.proxy().uri("app", "app", "app"),
                "-c", "50", "-j", "2", "-T", "12", "-P", "1");
        ExternalProgram.Running console = null;
        try {
            pgbench.awaitProgress(3, WAIT);
            console = ExternalProgram.require("psql").start(List.of("-X", "-A", "-F", "|", "-v", "ON_ERROR_STOP=1",
                    "-c", "SWITCHOVER main TO \"" + TopologyFixture.nodeId(standby) + "\"",
                    fixture.proxy().uri("app", "app", "pgbouncer")), Map.of(), null);
            Await.until("the proxy holding new transactions with none in flight", WAIT,
                    () -> fixture.proxy().server().context().switchovers().state("main") == ClusterHold.PROMOTING);
            primary.stop(StopMode.FAST);
            standby.promote();

            assertTrue(console.process().waitFor(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                    "SWITCHOVER did not answer\n" + console);
            int exit = console.terminate(Duration.ofSeconds(10));
            assertEquals(0, exit, "SWITCHOVER failed\n" + console);
            String[] row = reportRow(console.stdout());
            assertEquals(TopologyFixture.nodeId(standby), row[2], "new_primary in " + console.stdout());

            BackgroundPgbench.Finished finished = pgbench.await(WAIT.plusSeconds(12));
            Matcher failed = FAILED.matcher(finished.stdout());
            assertTrue(failed.find(), finished.toString());
            System.out.println("[switchover] SWITCHOVER " + row[1] + " -> " + row[2] + ": write pause " + row[3]
                    + " ms (drain " + row[4] + " ms, cancelled " + row[5] + "); pgbench -c 50: " + finished.processed()
                    + " transactions, failed " + failed.group(1) + ", aborted clients " + finished.abortedClients()
                    + ", exit " + finished.exitCode());
            assertEquals(0, finished.exitCode(), finished.toString());
            assertEquals("0", failed.group(1), "failed transactions\n" + finished);
            assertEquals(List.of(), finished.errorLines(), "pgbench clients saw errors");
            assertEquals("0", row[5], "transactions cancelled by the switchover");
        } finally {
            pgbench.kill();
            if (console != null) {
                console.kill();
            }
        }
    }

    /** The row of SWITCHOVER's answer in psql's unaligned output (header, row, row count). */
    static String[] reportRow(String stdout) {
        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 2 && lines.get(0).startsWith("cluster|old_primary|new_primary|write_pause_ms"),
                "SWITCHOVER's answer: " + stdout);
        return lines.get(1).split("\\|", -1);
    }
}
