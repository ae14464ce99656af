// StatementRegistry: the process-wide table giving each distinct statement one server-side name, bounded in size.
package dev.switchboard.proxy.prepared;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide: one server-side name per distinct statement ({@link StatementKey}), shared by every client
 * and every server connection, so that clients preparing the same query reuse one preparation per server.
 * Thread-safe; a lookup of a known key is a lock-free {@link ConcurrentHashMap#get}.
 *
 * <p><b>Names.</b> {@code "sb_"} plus a base-36 number from one counter shared by all registries in the
 * process (so a second registry, e.g. one per pool or one rebuilt on reload, can never hand out a name
 * already in use for another query). Names are never reused. The unnamed statement never comes here.
 *
 * <p><b>Bound and eviction policy.</b> Entries are only names: the registry holds no server state. When
 * more than {@code maxEntries} keys are registered, one thread sweeps the table and drops entries that no
 * client session currently holds under one of its names (see {@link ClientStatements}) until a quarter of
 * the bound is free again. Entries in use are never dropped, so the table can exceed the bound while more
 * than {@code maxEntries} statements are in use; sweeps are then spaced out (a quarter of the bound apart)
 * to keep interning amortised O(1).
 *
 * <p>Dropping is always safe, even for a statement that some server still has prepared or that a client
 * is about to bind (a race the registry does not try to close): a later {@link #intern} of the same key
 * simply creates a new {@link ServerStatement} with a new name; holders of the old instance keep using
 * the old name, which still means the same query; the old copy on a server stops being used and ages out
 * of that server's {@link ServerStatementCache}. The cost is a duplicate preparation, never a wrong one.
 */
public final class StatementRegistry {

    private static final String NAME_PREFIX = "sb_";
    /** Shared by every registry: a name must mean one query on any server this process talks to. */
    private static final AtomicLong NAME_COUNTER = new AtomicLong();

    private final int maxEntries;
    private final ConcurrentHashMap<StatementKey, ServerStatement> statements = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Size above which the next intern sweeps; raised while most entries are in use. */
    private volatile int sweepAbove;

    /** @param maxEntries how many keys to keep before dropping entries no client uses (at least 1) */
    public StatementRegistry(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("statement registry needs maxEntries >= 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.sweepAbove = maxEntries;
    }

    /**
     * The statement registered for {@code key}, creating it with a fresh name if there is none. The same
     * key gives the same instance for as long as it stays registered.
     */
    public ServerStatement intern(StatementKey key) {
        Objects.requireNonNull(key, "cannot intern a null statement key");
        ServerStatement known = statements.get(key);
        if (known != null) {
            return known;
        }
        ServerStatement statement = statements.computeIfAbsent(key, k -> new ServerStatement(k, nextName()));
        if (statements.size() > sweepAbove) {
            sweep(statement);
        }
        return statement;
    }

    /**
     * A statement a server handed over by a predecessor process already holds under {@code serverName}: registered
     * under that name when this registry has no name for its key (then servers here use it), else null (the
     * server's copy goes unused). Names stay unique as long as {@link #raiseNamesAbove} ran first.
     */
    public ServerStatement adopt(StatementKey key, String serverName) {
        ServerStatement statement = statements.computeIfAbsent(key, k -> new ServerStatement(k, serverName));
        return statement.serverName().equals(serverName) ? statement : null;
    }

    /** The number in the last name given out here: a successor's names start above it. */
    public static long lastNameNumber() {
        return NAME_COUNTER.get();
    }

    /**
     * Names given out from now on are above {@code number}: the servers a predecessor hands over hold statements
     * under its names, which must never mean another query here.
     */
    public static void raiseNamesAbove(long number) {
        NAME_COUNTER.accumulateAndGet(number, Math::max);
    }

    /** How many keys are registered now. */
    public int size() {
        return statements.size();
    }

    private static String nextName() {
        return NAME_PREFIX + Long.toString(NAME_COUNTER.incrementAndGet(), Character.MAX_RADIX);
    }

    /** Drops unused entries, sparing {@code justInterned} (it is being handed to a caller right now). */
    private void sweep(ServerStatement justInterned) {
        if (!sweeping.compareAndSet(false, true)) {
            return; // another thread is sweeping; one at a time is enough
        }
        try {
            int target = maxEntries - Math.max(1, maxEntries / 4);
            Iterator<Map.Entry<StatementKey, ServerStatement>> it = statements.entrySet().iterator();
            while (statements.size() > target && it.hasNext()) {
                ServerStatement candidate = it.next().getValue();
                if (candidate != justInterned && !candidate.inUseByClients()) {
                    // remove(key, value): never drop a replacement another thread registered meanwhile.
                    statements.remove(candidate.key(), candidate);
                }
            }
            int left = statements.size();
            sweepAbove = left > maxEntries ? left + Math.max(1, maxEntries / 4) : maxEntries;
        } finally {
            sweeping.set(false);
        }
    }
}
