// BenchOptionsTest: command-line parsing, defaults, errors and the plans the options select.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bench.scenarios.BenchScenario;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(3, o.rounds());
        assertEquals(5, o.seconds());
        assertNull(o.save());
        assertNull(o.pgbouncer());
    }

    @Test
    void everyOption() {
        BenchOptions o = BenchOptions.parse("--quick", "--save", "out", "--rounds", "5", "--duration", "2",
                "--pgbouncer", "/opt/pgbouncer");
        assertTrue(o.quick());
        assertEquals(Path.of("out"), o.save());
        assertEquals(5, o.rounds());
        assertEquals(2, o.seconds());
        assertEquals(Path.of("/opt/pgbouncer"), o.pgbouncer());
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertEquals("unknown option --fast",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast")).getMessage());
        assertEquals("--rounds needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rounds")).getMessage());
        assertEquals("--rounds needs a positive whole number, got \"0\"",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rounds", "0")).getMessage());
    }

    @Test
    void quickPlanIsSelectOnlySimpleAt10And100PlusOneRoundOfTheRest() {
        BenchPlan plan = BenchOptions.parse("--quick").plan();
        assertEquals("select-only simple 10, select-only simple 100, select-only simple 100 tls,"
                + " select-only simple 100 unix, storm 10, latency 100 @2000tps, idle 1000",
                String.join(", ", plan.steps().stream().map(s -> s.scenario().name()).toList()));
        assertEquals(3 + 3 + 1 + 1 + 1 + 1 + 1, plan.runsPerTarget());
    }

    @Test
    void fullPlanHasEveryScenarioOfTheIssue() {
        BenchPlan plan = BenchOptions.parse().plan();
        var names = plan.steps().stream().map(BenchPlan.Step::scenario).map(BenchScenario::name).toList();
        assertEquals(12 + 2 + 2 + 1 + 2 + 2, names.size());
        assertTrue(names.containsAll(java.util.List.of("select-only prepared 1000", "select-only extended 1", "select-only simple 100 tls",
                "select-only simple 10 unix", "select-only simple 100 unix", "storm 10", "latency 5000 @2000tps",
                "idle 10000")), names.toString());
        assertTrue(plan.steps().stream().allMatch(s -> s.rounds() == 3));
    }
}
