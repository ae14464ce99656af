// The pool's bookkeeping for one server connection slot (all fields guarded by the pool's lock).
package dev.switchboard.pooling;

final class PooledServer<C extends ServerConnection> {

    private final long id;
    private ServerState state = ServerState.NEW;
    private C connection;
    private long connectedAt;
    private long lastUsedAt;
    private Lease<C> lease;

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

    void connected(C connection, long now) {
        this.connection = connection;
        this.connectedAt = now;
        this.lastUsedAt = now;
    }

    void usedAt(long now) {
        lastUsedAt = now;
    }

    /** The current lease, or null when not leased; a stale Lease object never matches. */
    Lease<C> lease() {
        return lease;
    }

    void lease(Lease<C> lease) {
        this.lease = lease;
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
