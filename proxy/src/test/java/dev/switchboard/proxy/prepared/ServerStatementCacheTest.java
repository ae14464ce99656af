// ServerStatementCacheTest: per-server LRU of prepared statements — eviction order, touch, protection, reset.
package dev.switchboard.proxy.prepared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerStatementCacheTest {

    private final StatementRegistry registry = new StatementRegistry(100);
    private final ServerStatement s1 = statement("select 1");
    private final ServerStatement s2 = statement("select 2");
    private final ServerStatement s3 = statement("select 3");
    private final ServerStatement s4 = statement("select 4");
    private final ServerStatement s5 = statement("select 5");

    private ServerStatement statement(String query) {
        return registry.intern(new StatementKey(query, new int[0]));
    }

    @Test
    void withinCapacityNothingIsEvicted() {
        ServerStatementCache cache = new ServerStatementCache(3);
        assertEquals(List.of(), cache.add(s1, Set.of()));
        assertEquals(List.of(), cache.add(s2, Set.of()));
        assertEquals(List.of(), cache.add(s3, Set.of()));
        assertEquals(3, cache.size());
        assertEquals(3, cache.capacity());
        assertTrue(cache.contains(s1) && cache.contains(s2) && cache.contains(s3));
    }

    @Test
    void fullCacheEvictsLeastRecentlyAddedWhenUntouched() {
        ServerStatementCache cache = filled(s1, s2, s3);
        assertEquals(List.of(s1), cache.add(s4, Set.of()));
        assertFalse(cache.contains(s1));
        assertTrue(cache.contains(s4));
        assertEquals(3, cache.size());
        assertEquals(List.of(s2), cache.add(s5, Set.of()));
    }

    @Test
    void touchMakesAStatementMostRecentlyUsed() {
        ServerStatementCache cache = filled(s1, s2, s3);
        cache.touch(s1);
        assertEquals(List.of(s2), cache.add(s4, Set.of()));
        cache.touch(s3);
        assertEquals(List.of(s1), cache.add(s5, Set.of()));
        assertEquals(List.of(s4), cache.add(s2, Set.of()));
    }

    @Test
    void containsDoesNotChangeTheOrder() {
        ServerStatementCache cache = filled(s1, s2, s3);
        assertTrue(cache.contains(s1));
        assertEquals(List.of(s1), cache.add(s4, Set.of()));
    }

    @Test
    void addingAPreparedStatementAgainOnlyTouchesIt() {
        ServerStatementCache cache = filled(s1, s2, s3);
        assertEquals(List.of(), cache.add(s1, Set.of()));
        assertEquals(3, cache.size());
        assertEquals(List.of(s2), cache.add(s4, Set.of()));
    }

    @Test
    void touchOfAnAbsentStatementIsABug() {
        ServerStatementCache cache = filled(s1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.touch(s2));
        assertTrue(e.getMessage().contains(s2.serverName()), e.getMessage());
    }

    @Test
    void protectedStatementsAreSkippedInLruOrder() {
        ServerStatementCache cache = filled(s1, s2, s3);
        // A pipelined batch has Bind s1 and Bind s2 queued before its Sync: neither may go.
        assertEquals(List.of(s3), cache.add(s4, Set.of(s1, s2)));
        assertTrue(cache.contains(s1) && cache.contains(s2) && cache.contains(s4));
    }

    @Test
    void everythingProtectedExceedsCapacityThenShrinksBackLater() {
        ServerStatementCache cache = filled(s1, s2);
        assertEquals(List.of(), cache.add(s3, Set.of(s1, s2)));
        assertEquals(3, cache.size());
        assertTrue(cache.contains(s3));
        // Batch over: the next add evicts the excess too, oldest first, but never the statement being added.
        assertEquals(List.of(s1, s2), cache.add(s4, Set.of()));
        assertEquals(2, cache.size());
        assertTrue(cache.contains(s3) && cache.contains(s4));
    }

    @Test
    void theStatementBeingAddedIsNeverEvicted() {
        ServerStatementCache cache = new ServerStatementCache(1);
        assertEquals(List.of(), cache.add(s1, Set.of()));
        assertEquals(List.of(), cache.add(s2, Set.of(s1, s2)));
        assertEquals(2, cache.size());
        assertEquals(List.of(s1), cache.add(s3, Set.of(s2, s3)));
        assertTrue(cache.contains(s2) && cache.contains(s3));
    }

    @Test
    void evictedStatementsAreGoneAndCanBePreparedAgain() {
        ServerStatementCache cache = filled(s1, s2);
        List<ServerStatement> evicted = cache.add(s3, Set.of());
        assertEquals(List.of(s1), evicted);
        assertFalse(cache.contains(s1));
        assertEquals(List.of(s2), cache.add(s1, Set.of()));
    }

    @Test
    void removeAndClear() {
        ServerStatementCache cache = filled(s1, s2, s3);
        cache.remove(s2);
        cache.remove(s5); // absent: no-op
        assertFalse(cache.contains(s2));
        assertEquals(2, cache.size());
        assertEquals(List.of(), cache.add(s4, Set.of()));
        cache.clear();
        assertEquals(0, cache.size());
        assertFalse(cache.contains(s1));
        assertEquals(List.of(), cache.add(s1, Set.of()));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ServerStatementCache(0));
        ServerStatementCache cache = new ServerStatementCache(ServerStatementCache.DEFAULT_CAPACITY);
        assertEquals(1000, cache.capacity());
        assertThrows(NullPointerException.class, () -> cache.add(null, Set.of()));
        assertThrows(NullPointerException.class, () -> cache.add(s1, null));
    }

    private static ServerStatementCache filled(ServerStatement... statements) {
        ServerStatementCache cache = new ServerStatementCache(statements.length);
        for (ServerStatement s : statements) {
            assertEquals(List.of(), cache.add(s, Set.of()));
        }
        return cache;
    }
}
