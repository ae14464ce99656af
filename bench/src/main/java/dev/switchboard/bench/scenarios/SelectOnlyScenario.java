// SelectOnlyScenario: pgbench -S as fast as possible — throughput and the proxy's CPU per 1000 transactions.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import dev.switchboard.bench.targets.Target;

/**
 * Select-only at a fixed client count with one protocol; with {@code tls} the clients connect with
 * {@code sslmode=require} (PostgreSQL itself runs without TLS in the bench, so the direct column is not applicable).
 */
public record SelectOnlyScenario(String protocol, int clients, int seconds, boolean tls) implements BenchScenario {

    /** Plain connections. */
    public SelectOnlyScenario(String protocol, int clients, int seconds) {
        this(protocol, clients, seconds, false);
    }

    @Override
    public String name() {
        return "select-only " + protocol + " " + clients + (tls ? " tls" : "");
    }

    @Override
    public String kind() {
        return Scenario.SELECT_ONLY;
    }

    @Override
    public String variant() {
        return tls ? protocol + "-tls" : protocol;
    }

    @Override
    public Run run(Target target, int round, ScenarioContext context) {
        if (target.pid().isEmpty() && clients > context.maxDirectClients()) {
            return Run.failed(target.name(), round, "more clients than PostgreSQL's max_connections");
        }
        if (target.pid().isEmpty() && tls) {
            return Run.failed(target.name(), round, "the bench's PostgreSQL runs without TLS");
        }
        ProxyMeter meter = ProxyMeter.start(target);
        PgbenchOutput out = context.pgbench().run(target.host(), target.port(),
                new PgbenchOptions(clients, protocol, seconds, false, 0, null),
                context.rawFile(this, target.name(), round, ".out"), tls);
        return new Run(target.name(), round, out.tps(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                meter.rssBytes(), Double.NaN, meter.cpuSecondsPer1000(out.transactions()), out.transactions(), null);
    }
}
