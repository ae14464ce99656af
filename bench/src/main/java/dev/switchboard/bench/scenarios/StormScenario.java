// StormScenario: pgbench -C -S — every transaction on a new connection, so tps is new connections per second.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import dev.switchboard.bench.targets.Target;

/** Connection storm: startup + md5 authentication + one select, per connection. */
public record StormScenario(int clients, int seconds) implements BenchScenario {

    @Override
    public String name() {
        return "storm " + clients;
    }

    @Override
    public String kind() {
        return Scenario.STORM;
    }

    @Override
    public String variant() {
        return "simple";
    }

    @Override
    public Run run(Target target, int round, ScenarioContext context) {
        ProxyMeter meter = ProxyMeter.start(target);
        PgbenchOutput out = context.pgbench().run(target.host(), target.port(),
                new PgbenchOptions(clients, "simple", seconds, true, 0, null),
                context.rawFile(this, target.name(), round, ".out"));
        return new Run(target.name(), round, out.tps(), Double.NaN, Double.NaN, Double.NaN, out.tps(),
                meter.rssBytes(), Double.NaN, meter.cpuSecondsPer1000(out.transactions()), out.transactions(), null);
    }
}
