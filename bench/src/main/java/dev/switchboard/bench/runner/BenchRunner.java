// BenchRunner: starts PostgreSQL and the targets, runs the plan interleaved (A B C A B C ...) and collects results.
package dev.switchboard.bench.runner;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.scenarios.BenchScenario;
import dev.switchboard.bench.scenarios.Pgbench;
import dev.switchboard.bench.scenarios.ScenarioContext;
import dev.switchboard.bench.scenarios.SelectOnlyScenario;
import dev.switchboard.bench.targets.BenchPostgres;
import dev.switchboard.bench.targets.ClientTlsFiles;
import dev.switchboard.bench.targets.Credentials;
import dev.switchboard.bench.targets.PgBouncerBinary;
import dev.switchboard.bench.targets.PgBouncerTarget;
import dev.switchboard.bench.targets.SwitchboardTarget;
import dev.switchboard.bench.targets.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every target runs each round of a scenario back to back, so slow drifts of a shared, noisy machine
 * hit all targets alike; the report then compares medians.
 *
 * @param switchboardJar the proxy's runnable jar, started in its own JVM
 * @param pgbouncer      {@code --pgbouncer PATH}, or null for PATH
 * @param rawDir         pgbench outputs, per-transaction logs and server logs go here
 * @param scale          {@code pgbench -i -s}
 * @param poolSize       server connections per pool, the same for Switchboard and PgBouncer
 */
public record BenchRunner(Path switchboardJar, Path pgbouncer, Path rawDir, int scale, int poolSize,
                          PrintStream err, boolean terminal, Cleanup cleanup) {

    /** Runs the plan; everything started is registered with {@link #cleanup} (closed by the caller). */
    public BenchResults run(BenchPlan plan, String command, boolean quick) {
        createDir(rawDir);
        Credentials credentials = Credentials.APP;
        Pgbench pgbench = Pgbench.find(credentials);
        StringBuilder why = new StringBuilder();
        Optional<PgBouncerBinary> bouncer = PgBouncerBinary.find(pgbouncer, why);
        if (bouncer.isEmpty()) {
            err.println("switchboard bench: the PgBouncer column is absent: " + why);
        }
        err.println("switchboard bench: starting PostgreSQL and loading pgbench tables (scale " + scale + ")...");
        BenchPostgres postgres = cleanup.add(BenchPostgres.start(credentials, pgbench, scale));
        ClientTlsFiles tls = ClientTlsFiles.create(rawDir.resolve("tls"));
        List<Target> targets = new ArrayList<>();
        targets.add(postgres.direct());
        err.println("switchboard bench: starting Switchboard (" + switchboardJar + ")...");
        targets.add(cleanup.add(SwitchboardTarget.start(switchboardJar, rawDir, postgres.host(), postgres.port(),
                postgres.socketDir(), credentials, poolSize, tls)));
        if (bouncer.isPresent()) {
            err.println("switchboard bench: starting " + bouncer.get().version() + "...");
            targets.add(cleanup.add(PgBouncerTarget.start(bouncer.get(), rawDir, postgres.host(), postgres.port(),
                    postgres.socketDir(), credentials, poolSize, tls)));
        }
        ScenarioContext context = new ScenarioContext(pgbench, credentials, rawDir, BenchPostgres.MAX_CONNECTIONS);
        warmUp(plan, targets, context);
        Progress progress = new Progress(err, terminal, plan.runsPerTarget() * targets.size());
        List<BenchResults.Scenario> scenarios = new ArrayList<>();
        for (BenchPlan.Step step : plan.steps()) {
            scenarios.add(runScenario(step, targets, context, progress, cleanup));
        }
        progress.finish();
        BenchResults.Machine machine = MachineInfo.describe(postgres.version(),
                bouncer.map(PgBouncerBinary::version).orElse(null), proxyJava(targets));
        return new BenchResults(machine, command, quick, plan.rounds(), targets.stream().map(Target::name).toList(),
                scenarios);
    }

    /** The JDK the Switchboard target ran on, while it still runs. */
    private static String proxyJava(List<Target> targets) {
        for (Target target : targets) {
            if (target.name().equals(BenchResults.SWITCHBOARD) && target.pid().isPresent()) {
                return MachineInfo.javaOf(target.pid().getAsLong());
            }
        }
        return null;
    }

    /** Clients of the warm-up runs: more than the pool holds, so the paths of waiting for a server get hot too. */
    static final int WARM_UP_CLIENTS = 100;
    /** Seconds of each warm-up run at least: a JIT compiles for a while, PgBouncer needs none of it. */
    static final int WARM_UP_SECONDS = 10;

    /**
     * Unrecorded select-only runs, one per protocol and transport (TCP, TLS, Unix socket) the plan measures, against
     * every proxy: a proxy in production has long reached its steady state (the JIT has compiled its hot paths, pools
     * are full), and the measured rounds should see that state rather than the first seconds of a fresh JVM.
     */
    private void warmUp(BenchPlan plan, List<Target> targets, ScenarioContext context) {
        List<SelectOnlyScenario> runs = warmUpRuns(plan);
        if (runs.isEmpty()) {
            return;
        }
        err.println("switchboard bench: warming up the proxies (" + runs.size() + " unrecorded run(s) of "
                + runs.get(0).seconds() + " s each)...");
        for (Target target : targets) {
            if (target.pid().isEmpty()) {
                continue; // direct: nothing of ours to warm up
            }
            for (SelectOnlyScenario run : runs) {
                try {
                    run.run(target, 0, context);
                } catch (RuntimeException e) {
                    err.println("switchboard bench: warm-up of " + target.name() + " failed: " + e.getMessage());
                }
            }
        }
    }

    static List<SelectOnlyScenario> warmUpRuns(BenchPlan plan) {
        List<SelectOnlyScenario> runs = new ArrayList<>();
        for (BenchPlan.Step step : plan.steps()) {
            // TLS and Unix-socket runs get their own: the handshake and record paths, the domain-socket channels and
            // the pools of the database on PostgreSQL's socket are compiled code and connections to warm up as well.
            if (step.scenario() instanceof SelectOnlyScenario s && runs.stream().noneMatch(
                    r -> r.protocol().equals(s.protocol()) && r.transport() == s.transport())) {
                runs.add(new SelectOnlyScenario(s.protocol(), WARM_UP_CLIENTS, Math.max(s.seconds(), WARM_UP_SECONDS),
                        s.transport()));
            }
        }
        return runs;
    }

    private static BenchResults.Scenario runScenario(BenchPlan.Step step, List<Target> targets,
                                                     ScenarioContext context, Progress progress, Cleanup cleanup) {
        BenchScenario scenario = step.scenario();
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= step.rounds(); round++) {
            for (Target target : targets) {
                if (cleanup.isClosed()) {
                    throw new IllegalStateException("interrupted: the bench is shutting down");
                }
                progress.step(scenario.name() + " / " + target.name() + " round " + round);
                runs.add(runOnce(scenario, target, round, context, progress));
            }
        }
        return new BenchResults.Scenario(scenario.name(), scenario.kind(), scenario.variant(), scenario.clients(),
                runs);
    }

    /** A failed run is recorded (and shown) but does not stop the bench: the other targets still count. */
    private static Run runOnce(BenchScenario scenario, Target target, int round, ScenarioContext context,
                               Progress progress) {
        try {
            return scenario.run(target, round, context);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            progress.note("  " + scenario.name() + " / " + target.name() + " round " + round + " failed: " + message);
            return Run.failed(target.name(), round, message);
        }
    }

    private static void createDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
