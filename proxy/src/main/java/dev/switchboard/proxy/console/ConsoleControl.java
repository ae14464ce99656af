// ConsoleControl: the databases the console has paused or disabled, and keeping their pools in step with that.
package dev.switchboard.proxy.console;

import dev.switchboard.pooling.Pool;
import dev.switchboard.proxy.backend.ServerConn;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Thread-safe. Changes and the pausing of pools happen under one monitor, and a new pool is brought in step under
 * it too once it is registered: so a pool created while PAUSE runs is paused either by PAUSE or by itself.
 */
public final class ConsoleControl {
    private final ConcurrentMap<String, ControlState> states = new ConcurrentHashMap<>();
    private final Supplier<Collection<Pool<ServerConn>>> pools;

    /** @param pools every pool, of every kind, at the time of asking */
    public ConsoleControl(Supplier<Collection<Pool<ServerConn>>> pools) {
        this.pools = pools;
    }

    /**
     * The key of PAUSE without a database (PgBouncer's pause mode): it holds every database, those that get their
     * first pool later included, and is apart from each database's own state. No database has this name (the
     * configuration's names cannot be empty).
     */
    public static final String EVERY_DATABASE = "";

    /** The database's own state, or with {@link #EVERY_DATABASE} the global one; OPEN unless a command changed it. */
    public ControlState state(String database) {
        return states.getOrDefault(database, ControlState.OPEN);
    }

    /** Whether new server assignments on the database wait: it is paused, or every database is. */
    public boolean paused(String database) {
        return state(database).paused() || state(EVERY_DATABASE).paused();
    }

    /** Applies {@code action} to each database at once, or to none if one refuses it; pauses or resumes their pools. */
    public synchronized void apply(Collection<String> databases, ControlState.Action action) {
        Map<String, ControlState> next = new HashMap<>();
        for (String database : databases) {
            next.put(database, state(database).apply(action));
        }
        states.putAll(next);
        for (Pool<ServerConn> pool : pools.get()) {
            follow(pool);
        }
    }

    /** Pauses or resumes a pool as its database is; called for every new pool once it is registered. */
    public synchronized void follow(Pool<ServerConn> pool) {
        if (paused(pool.key().database())) {
            pool.pause();
        } else if (pool.isPaused()) {
            pool.resume();
        }
    }
}
