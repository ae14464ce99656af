// Wait timeouts, idle timeout and max lifetime, driven by a manual ticker and runMaintenance().
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.failure;
import static dev.switchboard.pooling.Futures.pending;
import static dev.switchboard.pooling.TestPools.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolTimeTest {

    private final FakeConnector connector = FakeConnector.immediate();

    private static PoolSettings settings(int size, Duration wait, Duration idle, Duration lifetime) {
        return new PoolSettings(size, wait, idle, lifetime);
    }

    @Test
    void waiterTimesOutInMaintenanceWithThePoolNamed() {
        ManualTicker ticker = new ManualTicker();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(1, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO),
                connector, ticker);
        done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();

        ticker.advance(Duration.ofSeconds(29));
        pool.runMaintenance();
        pending(waiter);

        ticker.advance(Duration.ofSeconds(1));
        pool.runMaintenance();
        PoolTimeoutException e = assertInstanceOf(PoolTimeoutException.class, failure(waiter));
        assertEquals("no server connection available in pool \"app.app@127.0.0.1:5432\" within 30s (pool size 1)",
                e.getMessage());
        assertEquals(KEY, e.pool());
        assertEquals(Duration.ofSeconds(30), e.waitTimeout());
        assertEquals(1, e.poolSize());
        assertEquals(0, pool.waitingCount());
        assertEquals(1, pool.waitTimeoutCount());
    }

    @Test
    void expiredWaitersFailWheneverThePoolChanges() {
        ManualTicker ticker = new ManualTicker();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(1, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO),
                connector, ticker);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> old = pool.acquire();
        ticker.advance(Duration.ofSeconds(20));
        CompletableFuture<Lease<FakeConnection>> young = pool.acquire();
        ticker.advance(Duration.ofSeconds(15));

        held.release(); // no maintenance: the release itself notices the expired waiter
        assertInstanceOf(PoolTimeoutException.class, failure(old));
        assertSame(held.connection(), done(young).connection());
    }

    @Test
    void waitTimeoutWorksAcrossTickerOverflow() {
        ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - Duration.ofSeconds(10).toNanos());
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(1, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO),
                connector, ticker);
        done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        ticker.advance(Duration.ofSeconds(29));
        pool.runMaintenance();
        pending(waiter);
        ticker.advance(Duration.ofSeconds(1));
        pool.runMaintenance();
        assertInstanceOf(PoolTimeoutException.class, failure(waiter));
    }

    @Test
    void zeroWaitTimeoutWaitsForever() {
        ManualTicker ticker = new ManualTicker();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(1, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                connector, ticker);
        done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        ticker.advance(Duration.ofDays(365));
        pool.runMaintenance();
        pending(waiter);
    }

    @Test
    void idleTimeoutClosesConnectionsIdleTooLong() {
        ManualTicker ticker = new ManualTicker();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(5, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ZERO), connector, ticker);
        Lease<FakeConnection> a = done(pool.acquire());
        Lease<FakeConnection> b = done(pool.acquire());
        a.release();
        ticker.advance(Duration.ofMinutes(5));
        b.release();

        ticker.advance(Duration.ofMinutes(5).minusNanos(1));
        pool.runMaintenance();
        assertEquals(2, pool.idleCount());

        ticker.advance(Duration.ofNanos(1));
        pool.runMaintenance();
        assertTrue(a.connection().isClosed());
        assertFalse(b.connection().isClosed());
        assertEquals(1, pool.idleCount());

        ticker.advance(Duration.ofMinutes(5));
        pool.runMaintenance();
        assertTrue(b.connection().isClosed());
        assertEquals(0, pool.totalCount());
    }

    @Test
    void maintenanceClosesIdleConnectionsThatBroke() {
        Pool<FakeConnection> pool = new Pool<>(KEY, TestPools.size(5), connector, new ManualTicker());
        Lease<FakeConnection> lease = done(pool.acquire());
        lease.release();
        lease.connection().breakIt();
        pool.runMaintenance();
        assertTrue(lease.connection().isClosed());
        assertEquals(0, pool.totalCount());
    }

    @Test
    void maxLifetimeClosesIdleConnectionsInMaintenance() {
        ManualTicker ticker = new ManualTicker();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(5, Duration.ofSeconds(30), Duration.ZERO,
                Duration.ofHours(1)), connector, ticker);
        Lease<FakeConnection> lease = done(pool.acquire());
        ticker.advance(Duration.ofMinutes(59));
        lease.release(); // recently used, but old
        ticker.advance(Duration.ofMinutes(1));
        pool.runMaintenance();
        assertTrue(lease.connection().isClosed());
        assertEquals(0, pool.totalCount());
    }

    @Test
    void maxLifetimeClosesAConnectionAtReleaseAndSkipsItAtAcquire() {
        ManualTicker ticker = new ManualTicker();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(5, Duration.ofSeconds(30), Duration.ZERO,
                Duration.ofHours(1)), connector, ticker);
        Lease<FakeConnection> early = done(pool.acquire());
        Lease<FakeConnection> late = done(pool.acquire());
        early.release();
        ticker.advance(Duration.ofHours(1));

        Lease<FakeConnection> next = done(pool.acquire()); // idle one is too old: a new connect
        assertTrue(early.connection().isClosed());
        assertNotSame(early.connection(), next.connection());

        late.release(); // outlived its lifetime while leased: closed, not kept
        assertTrue(late.connection().isClosed());
        assertEquals(1, pool.totalCount());
        assertEquals(3, connector.connectCount());
    }
}
