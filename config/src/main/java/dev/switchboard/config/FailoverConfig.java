// How long requests wait for a usable node while a cluster has none (during a failover), and a switchover's bounds.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Failover settings of a cluster.
 *
 * @param holdTimeout  how long a new transaction waits for a write target (and any request for an eligible node)
 *                     before failing; default 10s; zero = fail at once. A switchover waits this long for the
 *                     new primary after asking for the promotion.
 * @param drainTimeout how long a planned switchover lets the transactions in flight run to their end before it
 *                     cancels those left; default 10s; zero = cancel them at once
 */
public record FailoverConfig(Duration holdTimeout, Duration drainTimeout) {

    public static final Duration DEFAULT_HOLD_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public FailoverConfig {
        Objects.requireNonNull(holdTimeout, "holdTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (holdTimeout.isNegative()) {
            throw new IllegalArgumentException("holdTimeout must not be negative, got " + holdTimeout);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, got " + drainTimeout);
        }
    }

    /** This hold time and the default drain time. */
    public FailoverConfig(Duration holdTimeout) {
        this(holdTimeout, DEFAULT_DRAIN_TIMEOUT);
    }

    public static FailoverConfig defaults() {
        return new FailoverConfig(DEFAULT_HOLD_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
    }
}
