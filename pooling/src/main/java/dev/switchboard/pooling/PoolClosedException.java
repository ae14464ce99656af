// Thrown to clients waiting on, or asking, a pool that has been closed.
package dev.switchboard.pooling;

/** The pool was closed (shutdown, reload that removed it) before a connection could be handed out. */
public final class PoolClosedException extends RuntimeException {

    private final transient PoolKey pool;

    public PoolClosedException(PoolKey pool) {
        super("pool \"" + pool + "\" is closed", null, false, false);
        this.pool = pool;
    }

    /** The closed pool. */
    public PoolKey pool() {
        return pool;
    }
}
