// Thrown to a client that waited too long for a server connection (SQLSTATE 53300 in the proxy).
package dev.switchboard.pooling;

import java.time.Duration;

/** No server connection became free within the pool's wait timeout. */
public final class PoolTimeoutException extends RuntimeException {

    private final transient PoolKey pool;
    private final transient Duration waitTimeout;
    private final int poolSize;

    public PoolTimeoutException(PoolKey pool, Duration waitTimeout, int poolSize) {
        // No stack trace: it would only show the maintenance task, and timeouts come in bursts.
        super("no server connection available in pool \"" + pool + "\" within "
                + Durations.format(waitTimeout) + " (pool size " + poolSize + ")", null, false, false);
        this.pool = pool;
        this.waitTimeout = waitTimeout;
        this.poolSize = poolSize;
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
}
