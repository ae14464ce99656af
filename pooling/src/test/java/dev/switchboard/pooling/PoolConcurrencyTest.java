// Several threads hammer one small pool; afterwards the counts add up and nothing was leased twice.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.TestPools.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolConcurrencyTest {

    private static final int THREADS = 6;
    private static final int ITERATIONS = 10_000;
    private static final int MAX_SIZE = 3;
    /** Guards against a hang only; no assertion depends on how long anything takes. */
    private static final long HANG_GUARD_SECONDS = 120;

    @Test
    void acquireAndReleaseFromManyThreads() throws Exception {
        List<FakeConnection> created = new CopyOnWriteArrayList<>();
        AtomicInteger ids = new AtomicInteger();
        ExecutorService connectThread = Executors.newSingleThreadExecutor();
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        // Half the connects finish on the caller's thread, half on another thread, as with netty.
        ServerConnector<FakeConnection> connector = () -> {
            FakeConnection c = new FakeConnection(ids.incrementAndGet());
            created.add(c);
            return ThreadLocalRandom.current().nextBoolean()
                    ? CompletableFuture.completedFuture(c)
                    : CompletableFuture.supplyAsync(() -> c, connectThread);
        };
        Pool<FakeConnection> pool = new Pool<>(KEY,
                new PoolSettings(MAX_SIZE, Duration.ZERO, Duration.ZERO, Duration.ZERO), connector, new ManualTicker());
        AtomicInteger doubleLeases = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                runs.add(clients.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < ITERATIONS; i++) {
                        CompletableFuture<Lease<FakeConnection>> f = pool.acquire();
                        if (random.nextInt(4) == 0 && f.cancel(false)) {
                            continue; // client went away; the pool must not leak what it was about to hand over
                        }
                        Lease<FakeConnection> lease = f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                        FakeConnection c = lease.connection();
                        if (!c.inUse.compareAndSet(false, true)) {
                            doubleLeases.incrementAndGet();
                        }
                        served.incrementAndGet();
                        int fate = random.nextInt(100);
                        if (fate == 0) {
                            c.breakIt();
                        }
                        c.inUse.set(false);
                        if (fate == 1) {
                            lease.discard();
                        } else {
                            lease.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            }
            // Connects still finishing on the connect thread must land before the counts are read.
            connectThread.submit(() -> { }).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
            connectThread.shutdownNow();
        }

        assertEquals(0, doubleLeases.get(), "a connection was leased to two clients at once");
        assertTrue(served.get() > 0);
        assertEquals(0, pool.activeCount(), "active");
        assertEquals(0, pool.waitingCount(), "waiting");
        assertEquals(0, pool.connectingCount(), "connecting");
        assertTrue(pool.idleCount() <= MAX_SIZE, "idle within max size");
        long open = created.stream().filter(c -> !c.isClosed()).count();
        assertEquals(pool.idleCount(), open, "every open connection is idle in the pool, every other one closed");
        assertTrue(created.stream().allMatch(c -> c.closeCount() <= 1), "closed at most once");
    }
}
