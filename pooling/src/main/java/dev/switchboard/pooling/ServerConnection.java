// The pool's view of one backend connection, implemented by the proxy.
package dev.switchboard.pooling;

import java.util.concurrent.CompletableFuture;

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

    /**
     * What the connection is bound to, typically its netty event loop; {@link Pool#acquire(Object)} prefers
     * idle connections with the caller's affinity, so that client and server channel share a thread. Read
     * once, when the connection joins the pool, outside the pool's lock; it must not change afterwards and
     * must have a sensible {@code equals}/{@code hashCode} (identity is fine). Null = no affinity.
     */
    default Object affinity() {
        return null;
    }

    /**
     * A cheap round trip proving the server still answers (the proxy sends Sync and awaits ReadyForQuery),
     * run before a connection that sat idle for {@link PoolSettings#healthCheckAfterIdle()} is handed out.
     * Completes with true when healthy; false, an exception or a failed future close the connection.
     * Never called under the pool's lock; the future may complete on any thread. The implementation bounds
     * its duration: the pool does not time it out (a client whose wait timeout passes meanwhile gets its
     * timeout, and the connection's fate still follows the check).
     */
    default CompletableFuture<Boolean> healthCheck() {
        return CompletableFuture.completedFuture(isUsable());
    }
}
