// Registers a pool's list sizes and counters as Micrometer meters.
package dev.switchboard.pooling;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters are the SHOW POOLS columns (list sizes, read when scraped) and the pool's lifetime counters
 * from {@link PoolStats}. Pins are counted by the proxy, not here.
 */
final class PoolMetrics {

    static final String CONNECTIONS = "switchboard.pool.connections";
    static final String WAITING = "switchboard.pool.waiting";
    static final String WAIT_TIMEOUTS = "switchboard.pool.wait.timeouts";
    static final String LEASES = "switchboard.pool.leases";
    static final String WAITS = "switchboard.pool.waits";
    static final String WAIT_TIME = "switchboard.pool.wait";
    static final String CONNECTS = "switchboard.pool.connects";
    static final String CONNECT_FAILURES = "switchboard.pool.connect.failures";
    static final String HEALTH_CHECKS = "switchboard.pool.health.checks";
    static final String HEALTH_CHECK_FAILURES = "switchboard.pool.health.check.failures";
    static final String EVICTIONS = "switchboard.pool.evictions";
    static final String CLOSES = "switchboard.pool.closes";

    private PoolMetrics() {
    }

    /** Returns the meters so that the pool can remove them again when it closes. */
    static List<Meter> register(Pool<?> pool, MeterRegistry registry) {
        PoolKey key = pool.key();
        Tags tags = Tags.of("node", key.node(), "database", key.database(), "user", key.user());
        List<Meter> meters = new ArrayList<>();
        meters.add(connections(pool, registry, tags, "idle", p -> p.stats().idle()));
        meters.add(connections(pool, registry, tags, "checking", p -> p.stats().checking()));
        meters.add(connections(pool, registry, tags, "active", p -> p.stats().active()));
        meters.add(connections(pool, registry, tags, "connecting", p -> p.stats().connecting()));
        meters.add(Gauge.builder(WAITING, pool, p -> p.stats().waiting())
                .tags(tags)
                .description("Clients waiting for a server connection")
                .strongReference(true)
                .register(registry));
        meters.add(counter(pool, registry, tags, WAIT_TIMEOUTS, PoolStats::waitTimeouts,
                "Clients that gave up waiting for a server connection"));
        meters.add(counter(pool, registry, tags, LEASES, PoolStats::leases, "Server connections lent to clients"));
        meters.add(counter(pool, registry, tags, WAITS, PoolStats::waits,
                "Requests for a server connection that could not be served at once"));
        meters.add(FunctionTimer.builder(WAIT_TIME, pool, p -> p.stats().waits(), p -> p.stats().waitNanos(),
                        TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("Time clients queued for a server connection, over the requests that queued")
                .register(registry));
        meters.add(counter(pool, registry, tags, CONNECTS, PoolStats::connects, "Server connects started"));
        meters.add(counter(pool, registry, tags, CONNECT_FAILURES, PoolStats::connectFailures,
                "Server connects that failed"));
        meters.add(counter(pool, registry, tags, HEALTH_CHECKS, PoolStats::healthChecks,
                "Health checks of server connections that sat idle"));
        meters.add(counter(pool, registry, tags, HEALTH_CHECK_FAILURES, PoolStats::healthCheckFailures,
                "Health checks that failed (the connection was closed)"));
        meters.add(counter(pool, registry, tags, EVICTIONS, PoolStats::evictions,
                "Idle server connections closed to make room for another pool under a shared limit"));
        meters.add(counter(pool, registry, tags, CLOSES, PoolStats::closes, "Server connections closed"));
        return meters;
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

    private static Meter counter(Pool<?> pool, MeterRegistry registry, Tags tags, String name,
                                 ToLongFunction<PoolStats> value, String description) {
        return FunctionCounter.builder(name, pool, p -> value.applyAsLong(p.stats()))
                .tags(tags)
                .description(description)
                .register(registry);
    }
}
