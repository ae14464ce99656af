// The pool's meters report its list sizes and wait timeouts, and go away when it closes.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.TestPools.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualTicker ticker = new ManualTicker();
    private final FakeConnector connector = FakeConnector.manual();
    private final Pool<FakeConnection> pool = new Pool<>(KEY,
            new PoolSettings(3, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO), connector, ticker);

    private double connections(String state) {
        return registry.get("switchboard.pool.connections")
                .tags("node", "127.0.0.1:5432", "database", "app", "user", "app", "state", state)
                .gauge().value();
    }

    private double waiting() {
        return registry.get("switchboard.pool.waiting")
                .tags("node", "127.0.0.1:5432", "database", "app", "user", "app")
                .gauge().value();
    }

    private double timeouts() {
        return registry.get("switchboard.pool.wait.timeouts").tags("database", "app").functionCounter().count();
    }

    private void assertMeters(int idle, int active, int connecting, int waiting) {
        assertEquals(idle, connections("idle"), "idle");
        assertEquals(active, connections("active"), "active");
        assertEquals(connecting, connections("connecting"), "connecting");
        assertEquals(waiting, waiting(), "waiting");
    }

    @Test
    void gaugesReportTheListSizes() {
        pool.bindTo(registry);
        assertMeters(0, 0, 0, 0);

        CompletableFuture<Lease<FakeConnection>> f1 = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> f2 = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> f3 = pool.acquire();
        connector.completeNext();
        CompletableFuture<Lease<FakeConnection>> f4 = pool.acquire();
        assertMeters(0, 1, 2, 3);

        connector.completeNext();
        connector.completeNext();
        assertMeters(0, 3, 0, 1);

        f4.cancel(false);
        done(f1).release();
        done(f2).release();
        assertMeters(2, 1, 0, 0);
        done(f3).release();
        assertMeters(3, 0, 0, 0);
    }

    @Test
    void waitTimeoutsAreCounted() {
        pool.bindTo(registry);
        for (int i = 0; i < 3; i++) {
            pool.acquire();
            connector.completeNext();
        }
        pool.acquire();
        pool.acquire();
        ticker.advance(Duration.ofSeconds(30));
        pool.runMaintenance();
        assertEquals(2, timeouts());
    }

    @Test
    void countersFollowThePoolsLife() {
        pool.bindTo(registry);
        CompletableFuture<Lease<FakeConnection>> first = pool.acquire();
        connector.failNext(new IllegalStateException("refused"));
        CompletableFuture<Lease<FakeConnection>> second = pool.acquire();
        connector.completeNext();
        Lease<FakeConnection> lease = done(second);
        lease.release();
        ticker.advance(Duration.ofSeconds(30)); // idle long enough for a health check
        done(pool.acquire()).discard();

        assertEquals(2, counter("switchboard.pool.connects"));
        assertEquals(1, counter("switchboard.pool.connect.failures"));
        assertEquals(2, counter("switchboard.pool.leases"));
        assertEquals(3, counter("switchboard.pool.waits"), "two waited for a connect, one for its health check");
        assertEquals(1, counter("switchboard.pool.health.checks"));
        assertEquals(0, counter("switchboard.pool.health.check.failures"));
        assertEquals(0, counter("switchboard.pool.evictions"));
        assertEquals(1, counter("switchboard.pool.closes"));
        assertTrue(first.isCompletedExceptionally());

        PoolStats stats = pool.stats();
        assertEquals(new PoolStats(0, 0, 0, 0, 0, 2, 3, 0, 0, 2, 1, 1, 0, 0, 1), stats);
    }

    private double counter(String name) {
        return registry.get(name).tags("node", "127.0.0.1:5432", "database", "app", "user", "app")
                .functionCounter().count();
    }

    @Test
    void closeRemovesTheMeters() {
        pool.bindTo(registry);
        assertEquals(4, registry.find("switchboard.pool.connections").gauges().size());
        pool.close();
        assertTrue(registry.getMeters().isEmpty(), () -> "left behind: " + registry.getMeters());
    }
}
