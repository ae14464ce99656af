// Sizing, timeouts, warm connections and health checks of one pool.
package dev.switchboard.pooling;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one pool. A zero duration switches that limit off (as in PgBouncer).
 *
 * @param maxSize              the most server connections (idle + active + connecting + checking), at least 1
 * @param waitTimeout          how long a client waits for a connection before {@link PoolTimeoutException};
 *                             zero waits forever
 * @param idleTimeout          an idle connection unused this long is closed by maintenance (unless that would
 *                             leave fewer than {@code minIdle}); zero keeps it
 * @param maxLifetime          a connection older than this is closed when idle or released; zero keeps it
 * @param minIdle              maintenance opens connections until idle + connecting reaches this (within
 *                             {@code maxSize} and the pool's budgets); 0..maxSize, default 0
 * @param healthCheckAfterIdle a connection idle at least this long is checked with
 *                             {@link ServerConnection#healthCheck()} before it is handed out; zero never
 *                             checks; default 30s
 */
public record PoolSettings(int maxSize, Duration waitTimeout, Duration idleTimeout, Duration maxLifetime,
                           int minIdle, Duration healthCheckAfterIdle) {

    public static final Duration DEFAULT_HEALTH_CHECK_AFTER_IDLE = Duration.ofSeconds(30);

    public PoolSettings {
        if (maxSize < 1) {
            throw new IllegalArgumentException("pool maxSize must be at least 1, got " + maxSize);
        }
        requireNotNegative(waitTimeout, "waitTimeout");
        requireNotNegative(idleTimeout, "idleTimeout");
        requireNotNegative(maxLifetime, "maxLifetime");
        if (minIdle < 0 || minIdle > maxSize) {
            throw new IllegalArgumentException("pool minIdle must be between 0 and maxSize (" + maxSize + "), got "
                    + minIdle);
        }
        requireNotNegative(healthCheckAfterIdle, "healthCheckAfterIdle");
    }

    /** No warm connections, health check after 30s idle. */
    public PoolSettings(int maxSize, Duration waitTimeout, Duration idleTimeout, Duration maxLifetime) {
        this(maxSize, waitTimeout, idleTimeout, maxLifetime, 0, DEFAULT_HEALTH_CHECK_AFTER_IDLE);
    }

    /** Size 20, wait 30s, idle timeout 10m, lifetime 1h, min idle 0, health check after 30s idle. */
    public static PoolSettings defaults() {
        return new PoolSettings(20, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1));
    }

    /** These settings with {@code minIdle} replaced. */
    public PoolSettings withMinIdle(int minIdle) {
        return new PoolSettings(maxSize, waitTimeout, idleTimeout, maxLifetime, minIdle, healthCheckAfterIdle);
    }

    /** These settings with {@code healthCheckAfterIdle} replaced. */
    public PoolSettings withHealthCheckAfterIdle(Duration after) {
        return new PoolSettings(maxSize, waitTimeout, idleTimeout, maxLifetime, minIdle, after);
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException("pool " + name + " must not be negative, got " + d);
        }
    }
}
