// The pool's view of one backend connection, implemented by the proxy.
package dev.switchboard.pooling;

/**
 * One authenticated connection to a PostgreSQL server, as the pool sees it.
 *
 * <p>The pool calls {@link #isUsable()} while holding its lock (to skip dead idle connections without
 * a second round trip through the lock), so it must be a cheap read of a flag, must not block and must
 * not call back into the pool.
 */
public interface ServerConnection {

    /** Whether the connection can still carry queries; false once it is broken or closed. */
    boolean isUsable();

    /**
     * Closes the connection. Idempotent; may complete asynchronously. Never called under the pool's
     * lock. It should not throw; if it does, the pool logs the exception and carries on.
     */
    void close();
}
