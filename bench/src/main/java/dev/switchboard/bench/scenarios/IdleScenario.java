// IdleScenario: N logged-in idle clients — the proxy's RSS and its growth per client.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.load.IdleClients;
import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import dev.switchboard.bench.targets.Target;

/**
 * RSS growth from a freshly restarted proxy to the same proxy holding N logged-in idle clients, divided
 * by N. Direct connections have no proxy process (and PostgreSQL's limit is far below); not applicable.
 */
public record IdleScenario(int clients) implements BenchScenario {

    @Override
    public String name() {
        return "idle " + clients;
    }

    @Override
    public String kind() {
        return Scenario.IDLE;
    }

    @Override
    public String variant() {
        return "";
    }

    @Override
    public Run run(Target target, int round, ScenarioContext context) {
        if (target.pid().isEmpty()) {
            return Run.failed(target.name(), round, "no proxy process to measure");
        }
        // A fresh process: after the load scenarios a JVM's heap is already grown, which would hide the cost.
        target.restart();
        ProxyMeter meter = ProxyMeter.start(target);
        long before = meter.rssBytes();
        var c = context.credentials();
        try (IdleClients idle = IdleClients.open(target.host(), target.port(), c.user(), c.password(), c.database(),
                clients)) {
            long with = meter.rssBytes();
            return new Run(target.name(), round, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, with,
                    (with - before) / (double) clients, Double.NaN, 0, null);
        }
    }
}
