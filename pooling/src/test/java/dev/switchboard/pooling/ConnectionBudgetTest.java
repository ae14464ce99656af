// The shared slot counter on its own: limits, unlimited budgets, misuse, and many threads at once.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {

    @Test
    void reservesUpToTheLimit() {
        ConnectionBudget budget = new ConnectionBudget("database \"app\"", 2);
        assertTrue(budget.tryReserve());
        assertTrue(budget.tryReserve());
        assertFalse(budget.tryReserve());
        assertEquals(2, budget.inUse());
        budget.release();
        assertEquals(1, budget.inUse());
        assertTrue(budget.tryReserve());
        assertEquals("connection budget database \"app\" (2 of 2)", budget.toString());
        assertEquals("database \"app\" limit 2 reached", budget.exhaustedText());
    }

    @Test
    void zeroIsUnlimitedButStillCounts() {
        ConnectionBudget budget = new ConnectionBudget("user \"u\"", 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(budget.tryReserve());
        }
        assertEquals(1000, budget.inUse());
        assertEquals("connection budget user \"u\" (1000 in use, unlimited)", budget.toString());
    }

    @Test
    void misuseIsRefusedWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConnectionBudget("user \"u\"", -1));
        assertEquals("connection budget max must not be negative, got -1 for user \"u\"", e.getMessage());
        ConnectionBudget budget = new ConnectionBudget("user \"u\"", 1);
        IllegalStateException s = assertThrows(IllegalStateException.class, budget::release);
        assertEquals("connection budget user \"u\" released more slots than it reserved", s.getMessage());
        assertEquals(0, budget.inUse(), "a refused release leaves the count alone");
    }

    @Test
    void manyThreadsNeverExceedTheLimit() throws Exception {
        int threads = 6;
        ConnectionBudget budget = new ConnectionBudget("database \"app\"", 3);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overruns = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (budget.tryReserve()) {
                            if (holders.incrementAndGet() > 3) {
                                overruns.incrementAndGet();
                            }
                            holders.decrementAndGet();
                            budget.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overruns.get());
        assertEquals(0, budget.inUse());
    }
}
