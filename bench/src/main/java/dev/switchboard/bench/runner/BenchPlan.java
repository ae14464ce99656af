// BenchPlan: which scenarios run and how many rounds each — the full default set, --quick, or a custom one.
package dev.switchboard.bench.runner;

import dev.switchboard.bench.scenarios.BenchScenario;
import dev.switchboard.bench.scenarios.IdleScenario;
import dev.switchboard.bench.scenarios.LatencyScenario;
import dev.switchboard.bench.scenarios.SelectOnlyScenario;
import dev.switchboard.bench.scenarios.StormScenario;
import dev.switchboard.bench.scenarios.Transport;
import java.util.ArrayList;
import java.util.List;

/** Scenarios in run order, each with its round count; {@code rounds} is the main (select-only) count. */
public record BenchPlan(List<Step> steps, int rounds) {

    /** Fixed rate of the latency scenarios: well below what any target sustains on two cores. */
    public static final int LATENCY_RATE = 2000;
    /** Clients of the connection storm. */
    public static final int STORM_CLIENTS = 10;

    /** One scenario and how many rounds of it (each round runs every target once). */
    public record Step(BenchScenario scenario, int rounds) {
    }

    public BenchPlan {
        steps = List.copyOf(steps);
    }

    /** Runs of one target each: what the progress line counts to. */
    public int runsPerTarget() {
        return steps.stream().mapToInt(Step::rounds).sum();
    }

    /** Every scenario of the issue, {@code rounds} rounds each, {@code seconds} per pgbench run. */
    public static BenchPlan full(int rounds, int seconds) {
        List<Step> steps = new ArrayList<>();
        for (String protocol : List.of("simple", "extended", "prepared")) {
            for (int clients : List.of(1, 10, 100, 1000)) {
                steps.add(new Step(new SelectOnlyScenario(protocol, clients, seconds), rounds));
            }
        }
        for (Transport transport : List.of(Transport.TLS, Transport.UNIX)) {
            for (int clients : List.of(10, 100)) {
                steps.add(new Step(new SelectOnlyScenario("simple", clients, seconds, transport), rounds));
            }
        }
        steps.add(new Step(new StormScenario(STORM_CLIENTS, seconds), rounds));
        steps.add(new Step(new LatencyScenario(100, LATENCY_RATE, seconds), rounds));
        steps.add(new Step(new LatencyScenario(5000, LATENCY_RATE, seconds), rounds));
        steps.add(new Step(new IdleScenario(1000), rounds));
        steps.add(new Step(new IdleScenario(10_000), rounds));
        return new BenchPlan(steps, rounds);
    }

    /**
     * Select-only simple at 10 and 100 clients ({@code rounds} rounds), one small round of everything else (TLS
     * towards the poolers and Unix sockets included).
     */
    public static BenchPlan quick(int rounds, int seconds) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(new SelectOnlyScenario("simple", 10, seconds), rounds));
        steps.add(new Step(new SelectOnlyScenario("simple", 100, seconds), rounds));
        steps.add(new Step(new SelectOnlyScenario("simple", 100, seconds, Transport.TLS), 1));
        steps.add(new Step(new SelectOnlyScenario("simple", 100, seconds, Transport.UNIX), 1));
        steps.add(new Step(new StormScenario(STORM_CLIENTS, seconds), 1));
        steps.add(new Step(new LatencyScenario(100, LATENCY_RATE, seconds), 1));
        steps.add(new Step(new IdleScenario(1000), 1));
        return new BenchPlan(steps, rounds);
    }
}
