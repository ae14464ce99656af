// SelectOnlyScenario: pgbench -S as fast as possible — throughput and the proxy's CPU per 1000 transactions.
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.runner.BenchResults.Run;
import dev.switchboard.bench.runner.BenchResults.Scenario;
import dev.switchboard.bench.targets.Target;
import dev.switchboard.bench.targets.UnixSocket;
import java.nio.file.Path;

/**
 * Select-only at a fixed client count with one protocol over one {@link Transport}: over TLS the clients connect with
 * {@code sslmode=require} (PostgreSQL itself runs without TLS in the bench, so the direct column is not applicable);
 * over Unix sockets they connect to the target's socket, which for direct is PostgreSQL's own.
 */
public record SelectOnlyScenario(String protocol, int clients, int seconds, Transport transport)
        implements BenchScenario {

    /** TCP connections without TLS. */
    public SelectOnlyScenario(String protocol, int clients, int seconds) {
        this(protocol, clients, seconds, Transport.TCP);
    }

    @Override
    public String name() {
        return "select-only " + protocol + " " + clients + (transport == Transport.TCP ? "" : " " + transport.label());
    }

    @Override
    public String kind() {
        return Scenario.SELECT_ONLY;
    }

    @Override
    public String variant() {
        return transport == Transport.TCP ? protocol : protocol + "-" + transport.label();
    }

    @Override
    public Run run(Target target, int round, ScenarioContext context) {
        if (target.pid().isEmpty() && clients > context.maxDirectClients()) {
            return Run.failed(target.name(), round, "more clients than PostgreSQL's max_connections");
        }
        if (target.pid().isEmpty() && transport == Transport.TLS) {
            return Run.failed(target.name(), round, "the bench's PostgreSQL runs without TLS");
        }
        ProxyMeter meter = ProxyMeter.start(target);
        PgbenchOptions options = new PgbenchOptions(clients, protocol, seconds, false, 0, null);
        Path outputFile = context.rawFile(this, target.name(), round, ".out");
        PgbenchOutput out;
        if (transport == Transport.UNIX) {
            // libpq's rule: a host that is a directory names the socket <dir>/.s.PGSQL.<port>.
            UnixSocket socket = target.unixSocket();
            out = context.pgbench().run(socket.dir().toString(), socket.port(), socket.database(), options,
                    outputFile, false);
        } else {
            out = context.pgbench().run(target.host(), target.port(), context.credentials().database(), options,
                    outputFile, transport == Transport.TLS);
        }
        return new Run(target.name(), round, out.tps(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                meter.rssBytes(), Double.NaN, meter.cpuSecondsPer1000(out.transactions()), out.transactions(), null);
    }
}
