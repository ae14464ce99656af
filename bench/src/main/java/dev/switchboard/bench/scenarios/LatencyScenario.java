// LatencyScenario: pgbench -R at a fixed rate — latency percentiles from the per-transaction logs.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import dev.switchboard.bench.targets.Target;
import java.nio.file.Path;

/** A rate every target can sustain, so the percentiles compare added latency, not saturation. */
public record LatencyScenario(int clients, int rate, int seconds) implements BenchScenario {

    @Override
    public String name() {
        return "latency " + clients + " @" + rate + "tps";
    }

    @Override
    public String kind() {
        return Scenario.LATENCY;
    }

    @Override
    public String variant() {
        return "simple";
    }

    @Override
    public Run run(Target target, int round, ScenarioContext context) {
        if (target.pid().isEmpty() && clients > context.maxDirectClients()) {
            return Run.failed(target.name(), round, "more clients than PostgreSQL's max_connections");
        }
        Path prefix = context.rawFile(this, target.name(), round, ".log");
        ProxyMeter meter = ProxyMeter.start(target);
        PgbenchOutput out = context.pgbench().run(target.host(), target.port(),
                new PgbenchOptions(clients, "simple", seconds, false, rate, prefix),
                context.rawFile(this, target.name(), round, ".out"));
        LatencyLog latency = LatencyLog.read(prefix);
        return new Run(target.name(), round, out.tps(), latency.p50Ms(), latency.p99Ms(), latency.p999Ms(), Double.NaN,
                meter.rssBytes(), Double.NaN, meter.cpuSecondsPer1000(out.transactions()), out.transactions(), null);
    }
}
