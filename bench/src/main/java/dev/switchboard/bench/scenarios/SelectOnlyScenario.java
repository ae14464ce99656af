// SelectOnlyScenario: pgbench -S as fast as possible — throughput and the proxy's CPU per 1000 transactions.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import dev.switchboard.bench.targets.Target;

/** Select-only at a fixed client count with one protocol. */
public record SelectOnlyScenario(String protocol, int clients, int seconds) implements BenchScenario {

    @Override
    public String name() {
        return "select-only " + protocol + " " + clients;
    }

    @Override
    public String kind() {
        return Scenario.SELECT_ONLY;
    }

    @Override
    public String variant() {
        return protocol;
    }

    @Override
    public Run run(Target target, int round, ScenarioContext context) {
        if (target.pid().isEmpty() && clients > context.maxDirectClients()) {
            return Run.failed(target.name(), round, "more clients than PostgreSQL's max_connections");
        }
        ProxyMeter meter = ProxyMeter.start(target);
        PgbenchOutput out = context.pgbench().run(target.host(), target.port(),
                new PgbenchOptions(clients, protocol, seconds, false, 0, null),
                context.rawFile(this, target.name(), round, ".out"));
        return new Run(target.name(), round, out.tps(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                meter.rssBytes(), Double.NaN, meter.cpuSecondsPer1000(out.transactions()), out.transactions(), null);
    }
}
