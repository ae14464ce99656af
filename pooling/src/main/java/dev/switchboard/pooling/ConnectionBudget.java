// A limit on server connections shared by several pools, e.g. per database or per user.
package dev.switchboard.pooling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server connection slots shared by the pools that draw on it ({@code max_server_connections} of a database
 * or a user). A pool reserves one slot in each of its budgets before it opens a connection and gives them
 * back when that connection is closed. Thread-safe; no method blocks or takes a pool's lock while holding
 * anything.
 *
 * <p>When a pool with waiting clients is refused a slot, it registers here to be nudged, and asks the budget
 * to close the longest-idle connection of another member pool (as PgBouncer does for
 * {@code max_db_connections}). Every slot given back nudges the registered pools, which then retry their
 * waiters; several pools refused at once race for freed slots (no FIFO across pools). Nudges and evictions
 * run on the caller's thread, never under any pool's lock, and are queued rather than nested when one
 * triggers another (see {@link Nudges}).
 */
public final class ConnectionBudget {

    private static final System.Logger LOG = System.getLogger(ConnectionBudget.class.getName());

    private final String name;
    private final int max;
    private final AtomicInteger inUse = new AtomicInteger();
    /** Pools drawing on this budget: where eviction looks for idle connections. */
    private final Set<Pool<?>> members = ConcurrentHashMap.newKeySet();
    /** Pools with waiters that were refused a slot: nudged (and forgotten) when one is given back. */
    private final Set<Pool<?>> starved = ConcurrentHashMap.newKeySet();

    /**
     * @param name what errors call it, e.g. {@code database "app"} or {@code user "alice"}
     * @param max  the most slots in use at once; 0 = unlimited (the budget only counts)
     */
    public ConnectionBudget(String name, int max) {
        this.name = Objects.requireNonNull(name, "name");
        if (max < 0) {
            throw new IllegalArgumentException("connection budget max must not be negative, got " + max
                    + " for " + name);
        }
        this.max = max;
    }

    public String name() {
        return name;
    }

    /** The limit; 0 = unlimited. */
    public int max() {
        return max;
    }

    /** Slots reserved now. */
    public int inUse() {
        return inUse.get();
    }

    /** Takes a slot if one is free (always, when unlimited). */
    public boolean tryReserve() {
        if (max == 0) {
            inUse.incrementAndGet();
            return true;
        }
        for (int n; (n = inUse.get()) < max; ) {
            if (inUse.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives a slot back and nudges the pools waiting for one. Call it without holding locks a pool's
     * callbacks might need.
     *
     * @throws IllegalStateException if no slot is reserved
     */
    public void release() {
        free();
        nudge();
    }

    /** "database "app" limit 50 reached": how a timed-out client is told which limit held it up. */
    String exhaustedText() {
        return name + " limit " + max + " reached";
    }

    // ---- for pools ----

    /** Gives a slot back without nudging; safe under a pool's lock. The caller nudges later, lock-free. */
    void free() {
        if (inUse.getAndDecrement() <= 0) {
            inUse.incrementAndGet();
            throw new IllegalStateException("connection budget " + name + " released more slots than it reserved");
        }
    }

    void join(Pool<?> pool) {
        members.add(pool);
    }

    void leave(Pool<?> pool) {
        members.remove(pool);
        starved.remove(pool);
    }

    /**
     * Registers a refused pool for the next nudge. The pool must try to reserve once more afterwards: a
     * slot given back between its refusal and this call would otherwise nudge nobody.
     */
    void watch(Pool<?> pool) {
        starved.add(pool);
    }

    /**
     * Whether a pool other than {@code pool} was refused a slot and has not been nudged since. It may have
     * no waiters left by now; the next nudge clears it.
     */
    boolean starvedOtherThan(Pool<?> pool) {
        for (Pool<?> p : starved) {
            if (p != pool) {
                return true;
            }
        }
        return false;
    }

    /** Lets every refused pool retry its waiters. Lock-free callers only. */
    void nudge() {
        if (starved.isEmpty()) {
            return;
        }
        Nudges.run(() -> {
            // Drain first: a pool refused again re-registers while it is nudged, and an iterator over the
            // live set could meet it again, and again, for ever.
            List<Pool<?>> drained = new ArrayList<>(starved.size());
            for (Pool<?> pool : starved) {
                if (starved.remove(pool)) {
                    drained.add(pool);
                }
            }
            for (Pool<?> pool : drained) {
                pool.budgetFreed();
            }
        });
    }

    /**
     * Closes the longest-idle connection among the other member pools, so that {@code requester} gets its
     * slot through the nudge that follows. Pools sharing a budget should share a clock (the proxy's
     * {@link Ticker#system()}) for "longest" to mean anything. Lock-free callers only.
     */
    void evictFor(Pool<?> requester) {
        Nudges.run(() -> {
            List<Pool<?>> candidates = new ArrayList<>();
            Pool<?> longest = null;
            long longestAge = -1;
            for (Pool<?> pool : members) {
                if (pool == requester) {
                    continue;
                }
                long age = pool.longestIdleNanos();
                if (age >= 0) {
                    candidates.add(pool);
                    if (age > longestAge) {
                        longest = pool;
                        longestAge = age;
                    }
                }
            }
            if (longest != null && longest.evictIdle()) {
                return;
            }
            // The chosen one was emptied meanwhile: take any other.
            for (Pool<?> pool : candidates) {
                if (pool != longest && pool.evictIdle()) {
                    return;
                }
            }
            LOG.log(System.Logger.Level.DEBUG, () -> exhaustedText() + ": no idle connection in another pool "
                    + "to close for pool \"" + requester.key() + "\"");
        });
    }

    @Override
    public String toString() {
        return "connection budget " + name + " (" + inUse.get() + (max == 0 ? " in use, unlimited)" : " of " + max + ")");
    }
}
