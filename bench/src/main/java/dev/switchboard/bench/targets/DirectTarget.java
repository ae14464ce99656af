// DirectTarget: PostgreSQL itself, as the baseline; nothing to start or stop.
package dev.switchboard.bench.targets;

import dev.switchboard.bench.runner.BenchResults;
import java.util.OptionalLong;

/** Clients connect straight to PostgreSQL (over TCP, or its own Unix socket); there is no proxy process to measure. */
public record DirectTarget(String host, int port, UnixSocket unixSocket) implements Target {

    @Override
    public String name() {
        return BenchResults.DIRECT;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        // PostgreSQL belongs to BenchPostgres.
    }
}
