// All pools of one proxy, created on first use and maintained and closed together.
package dev.switchboard.pooling;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The pools by key. Thread-safe; lookups of existing pools take no lock.
 *
 * @param <C> the connection type
 */
public final class PoolRegistry<C extends ServerConnection> {

    private final ConcurrentMap<PoolKey, Pool<C>> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * The pool for {@code key}, created with {@code factory} if there is none yet (once, even when
     * several threads ask at the same time).
     *
     * @throws IllegalArgumentException if the factory builds a pool for a different key
     * @throws IllegalStateException    if the registry has been closed
     */
    public Pool<C> pool(PoolKey key, Function<PoolKey, Pool<C>> factory) {
        Pool<C> existing = pools.get(key);
        if (existing != null) {
            return existing;
        }
        requireOpen();
        Pool<C> pool = pools.computeIfAbsent(key, k -> {
            Pool<C> created = factory.apply(k);
            if (created == null) {
                throw new IllegalStateException("pool factory returned null for pool \"" + k + "\"");
            }
            if (!created.key().equals(k)) {
                throw new IllegalArgumentException("pool factory for \"" + k + "\" built pool \"" + created.key() + "\"");
            }
            return created;
        });
        // A pool created while close() was running would otherwise never be closed.
        if (closed) {
            pool.close();
            requireOpen();
        }
        return pool;
    }

    /** A snapshot of the current pools. */
    public Collection<Pool<C>> pools() {
        return List.copyOf(pools.values());
    }

    /**
     * Removes and closes the pools whose key matches: their idle connections close now, leased ones when
     * they come back, and waiters fail with {@link PoolClosedException}. A later {@link #pool} call for such
     * a key creates a fresh pool.
     */
    public void retire(java.util.function.Predicate<PoolKey> matching) {
        for (Pool<C> pool : pools.values()) {
            if (matching.test(pool.key()) && pools.remove(pool.key(), pool)) {
                pool.close();
            }
        }
    }

    /** Runs {@link Pool#runMaintenance()} on every pool. */
    public void runMaintenance() {
        for (Pool<C> pool : pools.values()) {
            pool.runMaintenance();
        }
    }

    /** Closes every pool and refuses new ones. Idempotent. */
    public void close() {
        closed = true;
        for (Pool<C> pool : pools.values()) {
            pool.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("pool registry is closed");
        }
    }
}
