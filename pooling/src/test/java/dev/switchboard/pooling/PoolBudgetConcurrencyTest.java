// Several pools sharing budgets, hammered from many threads: no lost nudge hangs a client, nothing leaks.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolBudgetConcurrencyTest {

    private static final int THREADS = 6;
    private static final int ITERATIONS = 5_000;
    private static final String[] LOOPS = {"loop-1", "loop-2", "loop-3"};
    /** Guards against a hang only; no assertion depends on how long anything takes. */
    private static final long HANG_GUARD_SECONDS = 60;

    /** What a hang looks like, for the failure message. */
    private static String state(List<Pool<FakeConnection>> pools, List<ConnectionBudget> budgets) {
        StringBuilder sb = new StringBuilder();
        pools.forEach(p -> sb.append(p).append(' ').append(p.stats()).append('\n'));
        budgets.forEach(b -> sb.append(b).append('\n'));
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            sb.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
            for (StackTraceElement e : stack) {
                sb.append("    ").append(e).append('\n');
            }
        });
        return sb.toString();
    }

    @Test
    void poolsSharingBudgetsFromManyThreads() throws Exception {
        ConnectionBudget database = new ConnectionBudget("database \"app\"", 4);
        ConnectionBudget userA = new ConnectionBudget("user \"a\"", 3);
        ConnectionBudget userB = new ConnectionBudget("user \"b\"", 3);
        List<FakeConnection> created = new CopyOnWriteArrayList<>();
        AtomicInteger ids = new AtomicInteger();
        ExecutorService connectThread = Executors.newSingleThreadExecutor();
        ServerConnector<FakeConnection> connector = () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            FakeConnection c = new FakeConnection(ids.incrementAndGet(), LOOPS[random.nextInt(LOOPS.length)]);
            created.add(c);
            return random.nextBoolean() ? CompletableFuture.completedFuture(c)
                    : CompletableFuture.supplyAsync(() -> c, connectThread);
        };
        ManualTicker ticker = new ManualTicker();
        PoolSettings settings = new PoolSettings(3, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1,
                Duration.ofSeconds(30));
        List<Pool<FakeConnection>> pools = List.of(
                new Pool<>(new PoolKey("n1", "app", "a"), settings, connector, ticker, List.of(database, userA)),
                new Pool<>(new PoolKey("n2", "app", "a"), settings, connector, ticker, List.of(database, userA)),
                new Pool<>(new PoolKey("n1", "app", "b"), settings, connector, ticker, List.of(database, userB)));
        AtomicInteger doubleLeases = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        ExecutorService clients = Executors.newFixedThreadPool(THREADS + 1);
        try {
            // The janitor: time passes (so health checks run) and maintenance keeps minIdle warm.
            Future<?> janitor = clients.submit(() -> {
                start.await();
                while (running.get()) {
                    ticker.advance(Duration.ofSeconds(10));
                    pools.forEach(Pool::runMaintenance);
                    Thread.yield();
                }
                return null;
            });
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                runs.add(clients.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < ITERATIONS; i++) {
                        Pool<FakeConnection> pool = pools.get(random.nextInt(pools.size()));
                        CompletableFuture<Lease<FakeConnection>> f = pool.acquire(LOOPS[random.nextInt(LOOPS.length)]);
                        if (random.nextInt(8) == 0 && f.cancel(false)) {
                            continue;
                        }
                        Lease<FakeConnection> lease;
                        try {
                            lease = f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            throw new AssertionError("a client of " + pool.key() + " hung:\n"
                                    + state(pools, List.of(database, userA, userB)));
                        }
                        FakeConnection c = lease.connection();
                        if (!c.inUse.compareAndSet(false, true)) {
                            doubleLeases.incrementAndGet();
                        }
                        int fate = random.nextInt(100);
                        if (fate < 2) {
                            c.health(FakeConnection.Health.FALSE); // fails its next check
                        }
                        c.inUse.set(false);
                        if (fate == 2) {
                            lease.discard();
                        } else {
                            lease.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                try {
                    run.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    fail("a client hung:\n" + state(pools, List.of(database, userA, userB)));
                }
            }
            running.set(false);
            janitor.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            connectThread.submit(() -> { }).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            running.set(false);
            clients.shutdownNow();
            connectThread.shutdownNow();
        }

        assertEquals(0, doubleLeases.get(), "a connection was leased to two clients at once");
        int open = 0;
        for (Pool<FakeConnection> pool : pools) {
            PoolStats s = pool.stats();
            assertEquals(0, s.active() + s.checking() + s.connecting() + s.waiting(), pool::toString);
            open += s.idle();
        }
        long unclosed = created.stream().filter(c -> !c.isClosed()).count();
        assertEquals(open, unclosed, "every open connection is idle in a pool, every other one closed");
        assertEquals(open, database.inUse(), "the database budget counts exactly the open connections");
        assertEquals(userA.inUse() + userB.inUse(), database.inUse());
        assertTrue(database.inUse() <= 4);
        assertTrue(created.stream().allMatch(c -> c.closeCount() <= 1), "closed at most once");
    }
}
