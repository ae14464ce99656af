// Thrown to a client that waited too long for a server connection (SQLSTATE 53300 in the proxy).
package dev.switchboard.pooling;

import java.time.Duration;

/** No server connection became free within the pool's wait timeout. */
public final class PoolTimeoutException extends RuntimeException {

    private final transient PoolKey pool;
    private final transient Duration waitTimeout;
    private final int poolSize;
    private final String exhaustedBudget;

    public PoolTimeoutException(PoolKey pool, Duration waitTimeout, int poolSize) {
        this(pool, waitTimeout, poolSize, null);
    }

    /**
     * @param exhaustedBudget the {@link ConnectionBudget#name()} that refused the connect this client needed,
     *                        or null when the pool's own size was the limit
     */
    public PoolTimeoutException(PoolKey pool, Duration waitTimeout, int poolSize, ConnectionBudget exhaustedBudget) {
        // No stack trace: it would only show the maintenance task, and timeouts come in bursts.
        super("no server connection available in pool \"" + pool + "\" within " + Durations.format(waitTimeout)
                + (exhaustedBudget == null ? " (pool size " + poolSize + ")" : " (" + exhaustedBudget.exhaustedText() + ")"),
                null, false, false);
        this.pool = pool;
        this.waitTimeout = waitTimeout;
        this.poolSize = poolSize;
        this.exhaustedBudget = exhaustedBudget == null ? null : exhaustedBudget.name();
    }

    /** The pool the client waited on. */
    public PoolKey pool() {
        return pool;
    }

    /** How long the client waited. */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** The pool's maximum size at the time. */
    public int poolSize() {
        return poolSize;
    }

    /** The name of the shared limit that was exhausted (e.g. {@code database "app"}), or null. */
    public String exhaustedBudget() {
        return exhaustedBudget;
    }
}
