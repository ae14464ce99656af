// BenchResults: the immutable result model of one bench run (machine, scenarios, per-target per-round measurements).
package dev.switchboard.bench.runner;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Everything one bench run measured. A value that was not measured (a metric that does not apply to a
 * scenario, or "direct" having no proxy process) is {@code NaN} for doubles and {@code -1} for longs.
 *
 * @param machine  where it ran
 * @param command  the command line as typed, e.g. {@code ./switchboard bench --quick}
 * @param quick    whether {@code --quick} was given
 * @param rounds   rounds of the main (select-only) scenarios
 * @param targets  the targets that took part, in run order: {@code direct}, {@code switchboard}, {@code pgbouncer}
 * @param scenarios one entry per scenario, in run order
 */
public record BenchResults(Machine machine, String command, boolean quick, int rounds, List<String> targets,
                           List<Scenario> scenarios) {

    public static final String DIRECT = "direct";
    public static final String SWITCHBOARD = "switchboard";
    public static final String PGBOUNCER = "pgbouncer";

    public BenchResults {
        targets = List.copyOf(targets);
        scenarios = List.copyOf(scenarios);
    }

    /** Scenarios of one kind ({@link Scenario#SELECT_ONLY}, ...), in run order. */
    public List<Scenario> scenarios(String kind) {
        return scenarios.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /**
     * The machine the run happened on.
     *
     * @param javaVersion      the JVM running the bench
     * @param pgbouncerVersion {@code null} when PgBouncer was not found
     * @param proxyJava        the JVM the proxy ran on (the launcher picks its own), {@code null} when unknown
     */
    public record Machine(int cores, long memoryBytes, String kernel, String javaVersion, String postgresVersion,
                          String pgbouncerVersion, String proxyJava) {
    }

    /**
     * One scenario, e.g. kind {@code select-only}, variant {@code prepared}, 100 clients.
     *
     * @param name    human-readable and unique, e.g. {@code select-only prepared 100}
     * @param kind    one of the {@code Scenario} kind constants
     * @param variant protocol ({@code simple}/{@code extended}/{@code prepared}) or empty
     * @param clients client connections used (idle clients for {@code idle})
     * @param runs    every measurement, all targets, all rounds
     */
    public record Scenario(String name, String kind, String variant, int clients, List<Run> runs) {
        public static final String SELECT_ONLY = "select-only";
        public static final String STORM = "storm";
        public static final String LATENCY = "latency";
        public static final String IDLE = "idle";

        public Scenario {
            runs = List.copyOf(runs);
        }

        /** The runs of one target, in round order. */
        public List<Run> runs(String target) {
            return runs.stream().filter(r -> r.target().equals(target)).toList();
        }

        /** Median of a metric over the target's rounds, ignoring NaN; NaN when nothing was measured. */
        public double median(String target, ToDoubleFunction<Run> metric) {
            return Stats.median(runs(target).stream().mapToDouble(metric).toArray());
        }
    }

    /**
     * One measurement: one scenario against one target in one round.
     *
     * @param tps                   transactions per second (pgbench, excluding connection time unless a storm)
     * @param p50Ms                 latency percentiles in milliseconds (NaN unless measured)
     * @param connectionsPerSecond  new connections per second (storm only)
     * @param rssBytes              resident memory of the proxy/pooler process (-1 for direct or not measured)
     * @param bytesPerClient        RSS growth per idle client (idle only)
     * @param cpuSecondsPer1000Tx   proxy/pooler CPU seconds per 1000 transactions (NaN for direct)
     * @param transactions          transactions pgbench completed (0 for idle)
     * @param error                 why this run has no numbers (failed or not applicable); null when it worked
     */
    public record Run(String target, int round, double tps, double p50Ms, double p99Ms, double p999Ms,
                      double connectionsPerSecond, long rssBytes, double bytesPerClient,
                      double cpuSecondsPer1000Tx, long transactions, String error) {

        /** A run without numbers: it failed, or the scenario does not apply to the target. */
        public static Run failed(String target, int round, String error) {
            return new Run(target, round, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1,
                    Double.NaN, Double.NaN, 0, error);
        }
    }
}
