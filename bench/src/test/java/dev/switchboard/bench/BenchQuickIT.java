// BenchQuickIT: a tiny bench end to end (PostgreSQL, Switchboard jar, PgBouncer, pgbench) — every target has numbers.
package dev.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bench.runner.BenchPlan;
import dev.switchboard.bench.runner.BenchResults;
import dev.switchboard.bench.runner.BenchRunner;
import dev.switchboard.bench.runner.Cleanup;
import dev.switchboard.bench.runner.JsonReport;
import dev.switchboard.bench.runner.MarkdownReport;
import dev.switchboard.bench.scenarios.SelectOnlyScenario;
import dev.switchboard.bench.scenarios.Transport;
import dev.switchboard.bench.targets.PgBouncerBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fails, never skips, when pgbench or pgbouncer is missing: .ci/run installs both. */
class BenchQuickIT {

    @Test
    void everyTargetHasNumbers(@TempDir Path dir) throws Exception {
        StringBuilder why = new StringBuilder();
        assertTrue(PgBouncerBinary.find(null, why).isPresent(), "PgBouncer is required for this test: " + why);
        Path jar = BenchMain.switchboardJar();
        assertTrue(Files.isRegularFile(jar), "the proxy jar is missing at " + jar + " (run mvn package first)");
        BenchPlan plan = new BenchPlan(List.of(new BenchPlan.Step(new SelectOnlyScenario("simple", 2, 2), 1),
                new BenchPlan.Step(new SelectOnlyScenario("simple", 2, 2, Transport.TLS), 1),
                new BenchPlan.Step(new SelectOnlyScenario("simple", 2, 2, Transport.UNIX), 1)), 1);
        BenchResults results;
        try (Cleanup cleanup = new Cleanup()) {
            BenchRunner runner = new BenchRunner(jar, null, dir.resolve("raw"), 1, 20, System.err, false, cleanup);
            results = runner.run(plan, "BenchQuickIT", true);
        }
        assertEquals(List.of("direct", "switchboard", "pgbouncer"), results.targets());
        String json = JsonReport.render(results);
        for (String target : results.targets()) {
            BenchResults.Run run = results.scenarios().get(0).runs(target).get(0);
            assertNull(run.error(), target + " failed: " + run.error());
            var tps = Pattern.compile("\"" + target + "\": \\{\"tps\": ([0-9.]+),").matcher(json);
            assertTrue(tps.find(), "no tps for " + target + " in\n" + json);
            assertTrue(Double.parseDouble(tps.group(1)) > 0, json);
        }
        var cpu = Pattern.compile("\"switchboard\": \\{[^}]*\"cpuSecondsPer1000Tx\": [0-9.]+").matcher(json);
        assertTrue(cpu.find(), "no proxy CPU for switchboard in\n" + json);
        assertTrue(MarkdownReport.render(results).contains("| select-only simple 2 | tps |"));
        // Over TLS both poolers have numbers; PostgreSQL runs without TLS in the bench.
        BenchResults.Scenario tls = results.scenarios().get(1);
        assertEquals("select-only simple 2 tls", tls.name());
        assertTrue(tls.runs("direct").get(0).error().contains("without TLS"), tls.runs("direct").toString());
        for (String pooler : List.of("switchboard", "pgbouncer")) {
            BenchResults.Run run = tls.runs(pooler).get(0);
            assertNull(run.error(), pooler + " over TLS failed: " + run.error());
            assertTrue(run.tps() > 0, pooler + " over TLS: " + run);
        }
        // On Unix sockets every target has numbers, direct on PostgreSQL's own socket.
        BenchResults.Scenario unix = results.scenarios().get(2);
        assertEquals("select-only simple 2 unix", unix.name());
        for (String target : results.targets()) {
            BenchResults.Run run = unix.runs(target).get(0);
            assertNull(run.error(), target + " on Unix sockets failed: " + run.error());
            assertTrue(run.tps() > 0, target + " on Unix sockets: " + run);
        }
    }
}
