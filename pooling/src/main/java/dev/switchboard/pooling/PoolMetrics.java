// Registers a pool's list sizes and wait timeouts as Micrometer meters.
package dev.switchboard.pooling;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The meters are the SHOW POOLS columns: list sizes, read when scraped. */
final class PoolMetrics {

    static final String CONNECTIONS = "switchboard.pool.connections";
    static final String WAITING = "switchboard.pool.waiting";
    static final String WAIT_TIMEOUTS = "switchboard.pool.wait.timeouts";

    private PoolMetrics() {
    }

    /** Returns the meters so that the pool can remove them again when it closes. */
    static List<Meter> register(Pool<?> pool, MeterRegistry registry) {
        PoolKey key = pool.key();
        Tags tags = Tags.of("node", key.node(), "database", key.database(), "user", key.user());
        return List.of(
                connections(pool, registry, tags, "idle", Pool::idleCount),
                connections(pool, registry, tags, "active", Pool::activeCount),
                connections(pool, registry, tags, "connecting", Pool::connectingCount),
                Gauge.builder(WAITING, pool, Pool::waitingCount)
                        .tags(tags)
                        .description("Clients waiting for a server connection")
                        .strongReference(true)
                        .register(registry),
                FunctionCounter.builder(WAIT_TIMEOUTS, pool, Pool::waitTimeoutCount)
                        .tags(tags)
                        .description("Clients that gave up waiting for a server connection")
                        .register(registry));
    }

    private static Meter connections(Pool<?> pool, MeterRegistry registry, Tags tags, String state,
                                     ToDoubleFunction<Pool<?>> count) {
        return Gauge.builder(CONNECTIONS, pool, count)
                .tags(tags)
                .tag("state", state)
                .description("Server connections by state")
                // The pool removes its meters when it closes; until then they must not read NaN.
                .strongReference(true)
                .register(registry);
    }
}
