// The pool's bookkeeping for one server connection slot (all fields guarded by the pool's lock).
package dev.switchboard.pooling;

final class PooledServer<C extends ServerConnection> {

    private final long id;
    private ServerState state = ServerState.NEW;
    private C connection;
    private Object affinity;
    private long connectedAt;
    private long lastUsedAt;
    private long generation;
    private Lease<C> lease;
    private Waiter<C> checkedFor;

    // Links of the intrusive lists: ServerChain links a server on whichever list it is, IdleServers its affinity.
    PooledServer<C> newer;
    PooledServer<C> older;
    PooledServer<C> newerSameAffinity;
    PooledServer<C> olderSameAffinity;

    PooledServer(long id) {
        this.id = id;
    }

    long id() {
        return id;
    }

    ServerState state() {
        return state;
    }

    /** Only {@link ServerLists#transition} changes the state, so that the lists stay the truth. */
    void state(ServerState state) {
        this.state = state;
    }

    /** Null while connecting. */
    C connection() {
        return connection;
    }

    /** The connection's {@link ServerConnection#affinity()}, read once when it joined; may be null. */
    Object affinity() {
        return affinity;
    }

    void connected(C connection, Object affinity, long now) {
        this.connection = connection;
        this.affinity = affinity;
        this.connectedAt = now;
        this.lastUsedAt = now;
    }

    /** The pool's reconnect generation when it connected; only the pool's lock holder reads or sets it. */
    long generation() {
        return generation;
    }

    void generation(long generation) {
        this.generation = generation;
    }

    void usedAt(long now) {
        lastUsedAt = now;
    }

    long lastUsedAt() {
        return lastUsedAt;
    }

    /** The current lease, or null when not leased; a stale Lease object never matches. */
    Lease<C> lease() {
        return lease;
    }

    void lease(Lease<C> lease) {
        this.lease = lease;
    }

    /** While CHECKING: the client the server is promised to. */
    Waiter<C> checkedFor() {
        return checkedFor;
    }

    void checkedFor(Waiter<C> waiter) {
        this.checkedFor = waiter;
    }

    /** True when {@code limitNanos} is set (non-zero) and the connection has lived that long. */
    boolean pastLifetime(long now, long limitNanos) {
        return limitNanos > 0 && now - connectedAt >= limitNanos;
    }

    boolean idleLongerThan(long now, long limitNanos) {
        return limitNanos > 0 && now - lastUsedAt >= limitNanos;
    }

    @Override
    public String toString() {
        return "server #" + id + " (" + state + ")";
    }
}
