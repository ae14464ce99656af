// How long requests wait for a usable node while a cluster has none (during a failover).
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Failover settings of a cluster.
 *
 * @param holdTimeout how long a new transaction waits for a write target (and any request for an eligible node)
 *                    before failing; default 10s; zero = fail at once
 */
public record FailoverConfig(Duration holdTimeout) {

    public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofSeconds(10);

    public FailoverConfig {
        Objects.requireNonNull(holdTimeout, "holdTimeout");
        if (holdTimeout.isNegative()) {
            throw new IllegalArgumentException("holdTimeout must not be negative, got " + holdTimeout);
        }
    }

    public static FailoverConfig defaults() {
        return new FailoverConfig(DEFAULT_HOLD_TIMEOUT);
    }
}
