// One client's hold on one server connection, ended by release() or discard().
package dev.switchboard.pooling;

/**
 * A server connection lent to one client (for a session in session mode, for a transaction in
 * transaction mode). Exactly one of {@link #release()} or {@link #discard()} must be called, once; a
 * second call throws {@link IllegalStateException}. Thread-safe.
 *
 * @param <C> the connection type
 */
public final class Lease<C extends ServerConnection> {

    private final Pool<C> pool;
    private final PooledServer<C> server;
    private final C connection;

    Lease(Pool<C> pool, PooledServer<C> server) {
        this.pool = pool;
        this.server = server;
        this.connection = server.connection();
    }

    /** The leased connection; do not use it after the lease has ended. */
    public C connection() {
        return connection;
    }

    /** The pool the connection belongs to. */
    public Pool<C> pool() {
        return pool;
    }

    /**
     * Gives the connection back: to the oldest waiter if there is one, else to the idle list. A
     * connection that is no longer usable, has outlived the pool's max lifetime, or whose pool was
     * closed, is closed instead (as {@link #discard()}); so is one whose {@link ConnectionBudget} slot
     * another pool's clients are waiting for.
     *
     * @throws IllegalStateException if this lease has already ended
     */
    public void release() {
        pool.end(this, false);
    }

    /**
     * Closes the connection and frees its slot, e.g. after a protocol error or a server error the
     * client did not cause; a waiting client then gets a new connection.
     *
     * @throws IllegalStateException if this lease has already ended
     */
    public void discard() {
        pool.end(this, true);
    }

    PooledServer<C> server() {
        return server;
    }

    @Override
    public String toString() {
        return "lease of server #" + server.id() + " in pool \"" + pool.key() + "\"";
    }
}
