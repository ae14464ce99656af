// StatementRegistryTest: one shared name per distinct statement, unique names, and the bounded eviction policy.
package dev.switchboard.proxy.prepared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatementRegistryTest {

    private static final Pattern NAME = Pattern.compile("sb_[0-9a-z]+");
    private static final int THREADS = 8;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "test threads did not stop");
    }

    private static StatementKey key(String query, int... types) {
        return new StatementKey(query, types);
    }

    @Test
    void sameKeyGivesTheSameStatement() {
        StatementRegistry registry = new StatementRegistry(100);
        ServerStatement first = registry.intern(key("select $1", 23));
        ServerStatement again = registry.intern(key("select $1", 23));
        assertSame(first, again);
        assertEquals(key("select $1", 23), first.key());
        assertEquals(1, registry.size());
    }

    @Test
    void differentKeysGetDifferentShortNames() {
        StatementRegistry registry = new StatementRegistry(100);
        ServerStatement int4 = registry.intern(key("select $1", 23));
        ServerStatement text = registry.intern(key("select $1", 25));
        ServerStatement untyped = registry.intern(key("select $1"));
        assertNotEquals(int4.serverName(), text.serverName());
        assertNotEquals(text.serverName(), untyped.serverName());
        for (ServerStatement s : List.of(int4, text, untyped)) {
            assertTrue(NAME.matcher(s.serverName()).matches(), s.serverName());
        }
        assertEquals(3, registry.size());
    }

    @Test
    void namesAreUniqueAcrossRegistries() {
        // A second registry (per pool, or rebuilt on reload) must not reuse a name for another query.
        ServerStatement a = new StatementRegistry(10).intern(key("select 1"));
        ServerStatement b = new StatementRegistry(10).intern(key("select 2"));
        assertNotEquals(a.serverName(), b.serverName());
    }

    @Test
    void overTheBoundUnusedEntriesAreDroppedAndInUseOnesKept() {
        StatementRegistry registry = new StatementRegistry(4);
        ClientStatements client = new ClientStatements();
        ServerStatement held1 = registry.intern(key("q1"));
        ServerStatement held2 = registry.intern(key("q2"));
        client.put("S_1", held1);
        client.put("S_2", held2);
        ServerStatement free3 = registry.intern(key("q3"));
        ServerStatement free4 = registry.intern(key("q4"));
        assertEquals(4, registry.size());

        ServerStatement newest = registry.intern(key("q5")); // 5 > 4: sweep down to 3
        assertEquals(3, registry.size());
        assertSame(held1, registry.intern(key("q1")));
        assertSame(held2, registry.intern(key("q2")));
        assertSame(newest, registry.intern(key("q5")), "the entry being interned is never dropped");

        // A dropped key comes back under a new name; the old name still means the same query.
        ServerStatement again3 = registry.intern(key("q3"));
        assertNotSame(free3, again3);
        assertEquals(free3.key(), again3.key());
        assertNotEquals(free3.serverName(), again3.serverName());
        assertNotEquals(free4.serverName(), registry.intern(key("q4")).serverName());
    }

    @Test
    void entriesInUseAreNeverDroppedEvenBeyondTheBound() {
        StatementRegistry registry = new StatementRegistry(2);
        ClientStatements client = new ClientStatements();
        List<ServerStatement> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ServerStatement s = registry.intern(key("q" + i));
            client.put("S_" + i, s);
            held.add(s);
        }
        assertEquals(20, registry.size());
        for (int i = 0; i < 20; i++) {
            assertSame(held.get(i), registry.intern(key("q" + i)));
        }
        // Once the client lets go, the next sweeps bring the registry back under its bound.
        client.clear();
        for (int i = 0; i < 20; i++) {
            registry.intern(key("later" + i));
        }
        assertTrue(registry.size() <= 2, "size " + registry.size());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StatementRegistry(0));
        assertThrows(NullPointerException.class, () -> new StatementRegistry(1).intern(null));
    }

    @Test
    void threadsInterningTheSameKeysShareTheSameStatements() throws Exception {
        StatementRegistry registry = new StatementRegistry(10_000);
        List<StatementKey> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add(key("select * from t where id = $1 /* " + i + " */", 23, i));
        }
        List<Map<StatementKey, ServerStatement>> seen = runOnAllThreads(thread -> {
            List<StatementKey> mine = new ArrayList<>();
            for (StatementKey k : keys) {
                mine.add(key(k.query(), k.parameterTypes())); // equal content, different instances
            }
            Collections.shuffle(mine, new Random(thread));
            Map<StatementKey, ServerStatement> got = new ConcurrentHashMap<>();
            for (StatementKey k : mine) {
                got.put(k, registry.intern(k));
            }
            return got;
        });
        assertEquals(keys.size(), registry.size());
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (StatementKey k : keys) {
            ServerStatement expected = registry.intern(k);
            names.add(expected.serverName());
            for (Map<StatementKey, ServerStatement> perThread : seen) {
                assertSame(expected, perThread.get(k), "thread saw another statement for " + k);
            }
        }
        assertEquals(keys.size(), names.size());
    }

    @Test
    void namesAreUniqueUnderConcurrencyEvenWhileSweeping() throws Exception {
        StatementRegistry registry = new StatementRegistry(64); // small: sweeps run while others intern
        int perThread = 2_000;
        List<List<ServerStatement>> made = runOnAllThreads(thread -> {
            List<ServerStatement> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(registry.intern(key("select " + thread + ", " + i)));
            }
            return mine;
        });
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (List<ServerStatement> list : made) {
            for (ServerStatement s : list) {
                assertTrue(names.add(s.serverName()), "name handed out twice: " + s.serverName());
            }
        }
        assertEquals(THREADS * perThread, names.size());
        // Racing interns may leave the table above its bound for a while (sweeps are spaced out); with
        // nothing in use, enough single-threaded interns are certain to sweep it back under the bound.
        for (int i = 0; i <= THREADS * perThread + 64; i++) {
            registry.intern(key("after " + i));
        }
        assertTrue(registry.size() <= 64, "registry not bounded: " + registry.size());
    }

    private interface PerThread<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code task} on every test thread at once (released together) and returns the results in order. */
    private <T> List<T> runOnAllThreads(PerThread<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<T> body = () -> {
                start.await();
                return task.run(thread);
            };
            futures.add(pool.submit(body));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
