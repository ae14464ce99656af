// Pool settings: global, or a database's after merging its overrides.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Pool settings. A zero duration disables that limit.
 *
 * @param mode        pool mode; default session
 * @param size        server connections per (node, database, user) pool; default 20
 * @param waitTimeout how long a client waits for a server connection; default 30s
 * @param idleTimeout an idle server connection is closed after this; default 10m
 * @param maxLifetime a server connection is closed (when idle) after this age; default 1h
 * @param resetQuery  run on a server connection released in session mode; default "DISCARD ALL"; empty = none
 */
public record PoolConfig(PoolMode mode, int size, Duration waitTimeout, Duration idleTimeout,
                         Duration maxLifetime, String resetQuery) {

    public static final PoolMode DEFAULT_MODE = PoolMode.SESSION;
    public static final int DEFAULT_SIZE = 20;
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
    public static final String DEFAULT_RESET_QUERY = "DISCARD ALL";

    public PoolConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(resetQuery, "resetQuery");
    }

    public static PoolConfig defaults() {
        return new PoolConfig(DEFAULT_MODE, DEFAULT_SIZE, DEFAULT_WAIT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_LIFETIME, DEFAULT_RESET_QUERY);
    }
}
