// Sizing and timeouts of one pool.
package dev.switchboard.pooling;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one pool. A zero duration switches that limit off (as in PgBouncer).
 *
 * @param maxSize     the most server connections (idle + active + connecting), at least 1
 * @param waitTimeout how long a client waits for a connection before {@link PoolTimeoutException};
 *                    zero waits forever
 * @param idleTimeout an idle connection unused this long is closed by maintenance; zero keeps it
 * @param maxLifetime a connection older than this is closed when idle or released; zero keeps it
 */
public record PoolSettings(int maxSize, Duration waitTimeout, Duration idleTimeout, Duration maxLifetime) {

    public PoolSettings {
        if (maxSize < 1) {
            throw new IllegalArgumentException("pool maxSize must be at least 1, got " + maxSize);
        }
        requireNotNegative(waitTimeout, "waitTimeout");
        requireNotNegative(idleTimeout, "idleTimeout");
        requireNotNegative(maxLifetime, "maxLifetime");
    }

    /** Size 20, wait 30s, idle timeout 10m, lifetime 1h. */
    public static PoolSettings defaults() {
        return new PoolSettings(20, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1));
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException("pool " + name + " must not be negative, got " + d);
        }
    }
}
