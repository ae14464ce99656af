// ServerStatementCache: which statements one server connection has prepared, bounded by least-recently-used eviction.
package dev.switchboard.proxy.prepared;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The statements one server connection has prepared, with an LRU bound. Confined to the thread owning the
 * server's lease: no locks. All operations are O(1) apart from {@link #add}, which is O(1) plus the number
 * of protected entries it has to step over.
 *
 * <p>The cache does not talk to the server: {@link #add} tells the caller which statements to Close before
 * the new Parse, and the caller sends those Close messages. The unnamed statement is never cached.
 */
public final class ServerStatementCache {

    /** Default capacity, as for config {@code pool.max_prepared_statements}. */
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    /** Access order: iteration starts at the least recently used statement. */
    private final LinkedHashMap<ServerStatement, Boolean> prepared;

    /** @param capacity how many statements the server may keep prepared (at least 1) */
    public ServerStatementCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("prepared statement cache needs capacity >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.prepared = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Whether {@code s} is prepared on this server. Does not count as a use: the LRU order is unchanged. */
    public boolean contains(ServerStatement s) {
        return prepared.containsKey(s);
    }

    /** Marks {@code s} as the most recently used. It must be in the cache. */
    public void touch(ServerStatement s) {
        if (prepared.get(s) == null) {
            throw new IllegalStateException("touch of statement " + (s == null ? null : s.serverName())
                    + " which is not prepared on this server");
        }
    }

    /**
     * Records {@code s} as prepared on the server (most recently used); if it already is, this only touches
     * it. Returns the statements the caller must Close on the server first to stay within capacity, least
     * recently used first, already removed from the cache.
     *
     * <p>Never evicts {@code s} itself or anything in {@code protect} — the statements a pipelined batch
     * still needs before its Sync (e.g. Bind S1, Bind S2). If protected entries leave nothing to evict, the
     * cache exceeds its capacity for now rather than break the batch; a later add evicts the excess once
     * those statements are no longer protected.
     */
    public List<ServerStatement> add(ServerStatement s, Set<ServerStatement> protect) {
        Objects.requireNonNull(s, "statement");
        Objects.requireNonNull(protect, "protect set (use Set.of() for none)");
        if (prepared.get(s) != null) {
            return List.of();
        }
        int excess = prepared.size() + 1 - capacity;
        List<ServerStatement> evicted = List.of();
        if (excess > 0) {
            evicted = new ArrayList<>(Math.min(excess, 4));
            // Iterating does not reorder an access-ordered map; it.remove() is the O(1) unlink.
            Iterator<ServerStatement> it = prepared.keySet().iterator();
            while (excess > 0 && it.hasNext()) {
                ServerStatement candidate = it.next();
                if (!protect.contains(candidate)) {
                    it.remove();
                    evicted.add(candidate);
                    excess--;
                }
            }
        }
        prepared.put(s, Boolean.TRUE);
        return evicted;
    }

    /** Every statement this server holds, least recently used first. */
    public void forEach(java.util.function.Consumer<ServerStatement> action) {
        new ArrayList<>(prepared.keySet()).forEach(action);
    }

    /** Forgets {@code s} (the caller closed it on the server, or its Parse failed). No-op if absent. */
    public void remove(ServerStatement s) {
        prepared.remove(s);
    }

    /** Forgets everything, after {@code DISCARD ALL} / {@code DEALLOCATE ALL} ran on the server. */
    public void clear() {
        prepared.clear();
    }

    /** How many statements are prepared on the server. Can exceed {@link #capacity()}, see {@link #add}. */
    public int size() {
        return prepared.size();
    }

    /** The LRU bound. */
    public int capacity() {
        return capacity;
    }
}
