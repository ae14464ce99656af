// BenchScenario: one measured situation (e.g. select-only prepared at 100 clients), run once per target per round.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.targets.Target;

/** A scenario measures one round against one target; the runner interleaves targets and rounds. */
public interface BenchScenario {

    /** Unique and readable, e.g. {@code select-only prepared 100}; also names the raw log files. */
    String name();

    /** One of the {@code BenchResults.Scenario} kind constants. */
    String kind();

    /** Protocol ({@code simple}/{@code extended}/{@code prepared}) or empty. */
    String variant();

    int clients();

    /**
     * Measures once. Returns {@link Run#failed} when the scenario does not apply to the target; throws
     * when the measurement itself fails (the runner records the message and goes on).
     */
    Run run(Target target, int round, ScenarioContext context);
}
