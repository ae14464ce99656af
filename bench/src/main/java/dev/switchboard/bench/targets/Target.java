// Target: one thing the bench drives load against (PostgreSQL directly, Switchboard, or PgBouncer).
package dev.switchboard.bench.targets;

import java.util.OptionalLong;

/** A running endpoint clients connect to; {@link #close()} stops whatever the bench started for it. */
public interface Target extends AutoCloseable {

    /** {@code direct}, {@code switchboard} or {@code pgbouncer} (the names in {@code BenchResults}). */
    String name();

    String host();

    int port();

    /** Its Unix socket, for the rows that measure both legs on Unix sockets. */
    UnixSocket unixSocket();

    /** The proxy/pooler process whose CPU and memory are measured; empty for direct connections. */
    OptionalLong pid();

    /**
     * Stops and starts the proxy process again (same port and configuration), so a memory measurement
     * starts from a fresh process rather than one whose heap earlier load already grew. Direct: nothing.
     */
    default void restart() {
    }

    @Override
    void close();
}
