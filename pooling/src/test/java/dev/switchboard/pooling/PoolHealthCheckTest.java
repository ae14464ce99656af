// Health checks before reusing a connection that sat idle: when they run, and what a failed one does.
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

import dev.switchboard.pooling.FakeConnection.Health;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolHealthCheckTest {

    private static final Duration AFTER = Duration.ofSeconds(30);

    private final ManualTicker ticker = new ManualTicker();
    private final FakeConnector connector = FakeConnector.immediate();

    private Pool<FakeConnection> pool(int size) {
        return new Pool<>(KEY, TestPools.size(size).withHealthCheckAfterIdle(AFTER), connector, ticker);
    }

    /** Leases n connections, releases them (the last one released is the most recently used), returns them. */
    private static FakeConnection[] idle(Pool<FakeConnection> pool, int n) {
        @SuppressWarnings("unchecked")
        Lease<FakeConnection>[] leases = new Lease[n];
        FakeConnection[] connections = new FakeConnection[n];
        for (int i = 0; i < n; i++) {
            leases[i] = done(pool.acquire());
            connections[i] = leases[i].connection();
        }
        for (Lease<FakeConnection> l : leases) {
            l.release();
        }
        return connections;
    }

    @Test
    void noCheckBeforeTheThreshold() {
        Pool<FakeConnection> pool = pool(2);
        FakeConnection c = idle(pool, 1)[0];
        ticker.advance(AFTER.minusNanos(1));
        assertSame(c, done(pool.acquire()).connection());
        assertEquals(0, c.healthCheckCount());
        assertEquals(0, pool.stats().healthChecks());
    }

    @Test
    void checkAfterTheThresholdThenHandOut() {
        Pool<FakeConnection> pool = pool(2);
        FakeConnection c = idle(pool, 1)[0];
        ticker.advance(AFTER);
        Lease<FakeConnection> lease = done(pool.acquire());
        assertSame(c, lease.connection());
        assertEquals(1, c.healthCheckCount());
        assertEquals(1, pool.stats().healthChecks());
        assertEquals(0, pool.stats().healthCheckFailures());

        // Used just now: the next lease needs no check.
        lease.release();
        done(pool.acquire());
        assertEquals(1, c.healthCheckCount());
    }

    @Test
    void zeroNeverChecks() {
        Pool<FakeConnection> pool = new Pool<>(KEY, TestPools.size(2).withHealthCheckAfterIdle(Duration.ZERO),
                connector, ticker);
        FakeConnection c = idle(pool, 1)[0];
        ticker.advance(Duration.ofDays(1));
        assertSame(c, done(pool.acquire()).connection());
        assertEquals(0, c.healthCheckCount());
    }

    @Test
    void failedChecksCloseTheConnectionAndTheClientGetsTheNextIdleOne() {
        Pool<FakeConnection> pool = pool(5);
        FakeConnection[] c = idle(pool, 4); // c[3] most recently used
        c[3].health(Health.FALSE);
        c[2].health(Health.THROWS);
        c[1].health(Health.FAILS);
        ticker.advance(AFTER);

        Lease<FakeConnection> lease = done(pool.acquire());
        assertSame(c[0], lease.connection());
        for (int i = 1; i < 4; i++) {
            assertTrue(c[i].isClosed(), "failed check closes " + c[i]);
        }
        PoolStats s = pool.stats();
        assertEquals(4, s.healthChecks());
        assertEquals(3, s.healthCheckFailures());
        assertEquals(1, s.total());
        assertEquals(4, connector.connectCount(), "no connect needed");
    }

    @Test
    void whenEveryIdleConnectionFailsTheClientGetsANewOne() {
        Pool<FakeConnection> pool = pool(2);
        FakeConnection[] c = idle(pool, 2);
        c[0].health(Health.FALSE);
        c[1].health(Health.FALSE);
        ticker.advance(AFTER);
        Lease<FakeConnection> lease = done(pool.acquire());
        assertEquals(3, connector.connectCount());
        assertNotSame(c[0], lease.connection());
        assertNotSame(c[1], lease.connection());
        assertEquals(1, pool.totalCount());
    }

    @Test
    void aPendingCheckCountsAsCheckingAndAsASlot() {
        Pool<FakeConnection> pool = pool(1);
        FakeConnection c = idle(pool, 1)[0];
        c.health(Health.MANUAL);
        ticker.advance(AFTER);
        CompletableFuture<Lease<FakeConnection>> f = pool.acquire();
        pending(f);
        PoolStats s = pool.stats();
        assertEquals(1, s.checking());
        assertEquals(0, s.idle());
        assertEquals(0, s.waiting(), "the client is promised the server, not queued");
        assertEquals(1, s.total());

        CompletableFuture<Lease<FakeConnection>> second = pool.acquire(); // pool full: queued
        pending(second);
        c.pendingChecks.get(0).complete(true);
        assertSame(c, done(f).connection());
        pending(second);
    }

    @Test
    void aClientWhoseCheckFailedIsServedBeforeLaterArrivals() {
        FakeConnector manual = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, TestPools.size(1).withHealthCheckAfterIdle(AFTER), manual, ticker);
        CompletableFuture<Lease<FakeConnection>> first = pool.acquire();
        FakeConnection c = manual.completeNext();
        done(first).release();
        c.health(Health.MANUAL);
        ticker.advance(AFTER);

        CompletableFuture<Lease<FakeConnection>> checked = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> later = pool.acquire();
        assertEquals(1, pool.waitingCount());
        c.pendingChecks.get(0).complete(false);
        assertTrue(c.isClosed());
        assertEquals(2, pool.waitingCount(), "back in the queue, ahead of the later client");
        FakeConnection fresh = manual.completeNext();
        assertSame(fresh, done(checked).connection());
        pending(later);
    }

    @Test
    void aConnectionReleasedToAWaiterIsFreshAndNotChecked() {
        Pool<FakeConnection> pool = new Pool<>(KEY, new PoolSettings(1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                0, AFTER), connector, ticker);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        ticker.advance(AFTER.multipliedBy(2)); // leased all along, not idle
        held.release();
        assertEquals(0, held.connection().healthCheckCount());
        assertSame(held.connection(), done(waiter).connection());
    }

    @Test
    void clientGoneDuringTheCheckLeavesAHealthyConnectionIdle() {
        Pool<FakeConnection> pool = pool(1);
        FakeConnection c = idle(pool, 1)[0];
        c.health(Health.MANUAL);
        ticker.advance(AFTER);
        CompletableFuture<Lease<FakeConnection>> f = pool.acquire();
        f.cancel(false);
        c.pendingChecks.get(0).complete(true);
        assertEquals(1, pool.idleCount());
        assertFalse(c.isClosed());
        assertSame(c, done(pool.acquire()).connection());
        assertEquals(1, c.healthCheckCount(), "proven by the check, not checked again");
    }

    @Test
    void clientGoneDuringAFailedCheckIsNotRequeued() {
        Pool<FakeConnection> pool = pool(1);
        FakeConnection c = idle(pool, 1)[0];
        c.health(Health.MANUAL);
        ticker.advance(AFTER);
        pool.acquire().cancel(false);
        c.pendingChecks.get(0).complete(false);
        assertEquals(0, pool.waitingCount());
        assertEquals(0, pool.totalCount());
        assertEquals(1, connector.connectCount(), "nobody to connect for");
    }

    @Test
    void aCheckOutlastingTheWaitTimeoutTimesTheClientOut() {
        Pool<FakeConnection> pool = pool(1);
        FakeConnection c = idle(pool, 1)[0];
        c.health(Health.MANUAL);
        ticker.advance(AFTER);
        CompletableFuture<Lease<FakeConnection>> f = pool.acquire();
        ticker.advance(Duration.ofSeconds(30)); // the pool's wait timeout
        pool.runMaintenance();
        assertInstanceOf(PoolTimeoutException.class, failure(f));
        assertEquals(1, pool.waitTimeoutCount());
        c.pendingChecks.get(0).complete(true);
        assertEquals(1, pool.idleCount());
    }

    @Test
    void closingThePoolDuringACheckFailsTheClientAndClosesTheConnection() {
        Pool<FakeConnection> pool = pool(1);
        FakeConnection c = idle(pool, 1)[0];
        c.health(Health.MANUAL);
        ticker.advance(AFTER);
        CompletableFuture<Lease<FakeConnection>> f = pool.acquire();
        pool.close();
        assertInstanceOf(PoolClosedException.class, failure(f));
        assertFalse(c.isClosed(), "the check still owns it");
        c.pendingChecks.get(0).complete(true);
        assertTrue(c.isClosed());
        assertEquals(0, pool.totalCount());
    }
}
