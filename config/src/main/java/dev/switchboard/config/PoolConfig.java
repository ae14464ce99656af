// Pool settings: global, or a database's after merging its overrides.
package dev.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Pool settings. A zero duration disables that limit.
 *
 * @param mode                  pool mode; default session
 * @param size                  server connections per (node, database, user) pool; default 20
 * @param waitTimeout           how long a client waits for a server connection; default 30s
 * @param idleTimeout           an idle server connection is closed after this; default 10m
 * @param maxLifetime           a server connection is closed (when idle) after this age; default 1h
 * @param resetQuery            run on a server connection released in session mode; default "DISCARD ALL";
 *                              empty = none
 * @param minIdle               idle (or opening) server connections each pool keeps ready; default 0; at most
 *                              {@code size}
 * @param healthCheckAfterIdle  a server connection idle this long is checked before it is handed out; default
 *                              30s; zero = never
 * @param maxPreparedStatements per server connection, how many renamed prepared statements transaction mode
 *                              keeps (least recently used ones are closed beyond it); default 1000
 */
public record PoolConfig(PoolMode mode, int size, Duration waitTimeout, Duration idleTimeout,
                         Duration maxLifetime, String resetQuery, int minIdle, Duration healthCheckAfterIdle,
                         int maxPreparedStatements) {

    public static final PoolMode DEFAULT_MODE = PoolMode.SESSION;
    public static final int DEFAULT_SIZE = 20;
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
    public static final String DEFAULT_RESET_QUERY = "DISCARD ALL";
    public static final int DEFAULT_MIN_IDLE = 0;
    public static final Duration DEFAULT_HEALTH_CHECK_AFTER_IDLE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PREPARED_STATEMENTS = 1000;
    /** Bounds of {@code max_prepared_statements}: beyond this a server's memory, not the LRU, is the limit. */
    public static final int MAX_MAX_PREPARED_STATEMENTS = 100_000;

    public PoolConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(resetQuery, "resetQuery");
        Objects.requireNonNull(healthCheckAfterIdle, "healthCheckAfterIdle");
    }

    /** The basic settings, with the pool-control keys at their defaults. */
    public PoolConfig(PoolMode mode, int size, Duration waitTimeout, Duration idleTimeout, Duration maxLifetime,
                      String resetQuery) {
        this(mode, size, waitTimeout, idleTimeout, maxLifetime, resetQuery, DEFAULT_MIN_IDLE,
                DEFAULT_HEALTH_CHECK_AFTER_IDLE, DEFAULT_MAX_PREPARED_STATEMENTS);
    }

    public static PoolConfig defaults() {
        return new PoolConfig(DEFAULT_MODE, DEFAULT_SIZE, DEFAULT_WAIT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_LIFETIME, DEFAULT_RESET_QUERY);
    }
}
