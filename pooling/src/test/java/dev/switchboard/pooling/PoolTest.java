// Acquire, reuse, waiting, hand-off, cancel and lease ending of one pool.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.pending;
import static dev.switchboard.pooling.TestPools.KEY;
import static dev.switchboard.pooling.TestPools.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolTest {

    private final ManualTicker ticker = new ManualTicker();
    private final FakeConnector connector = FakeConnector.immediate();

    private Pool<FakeConnection> pool(int maxSize) {
        return new Pool<>(KEY, size(maxSize), connector, ticker);
    }

    private static void assertCounts(Pool<?> pool, int idle, int active, int connecting, int waiting) {
        assertEquals(idle, pool.idleCount(), "idle");
        assertEquals(active, pool.activeCount(), "active");
        assertEquals(connecting, pool.connectingCount(), "connecting");
        assertEquals(waiting, pool.waitingCount(), "waiting");
        assertEquals(idle + active + connecting, pool.totalCount(), "total");
    }

    @Test
    void acquireCreatesThenReuses() {
        Pool<FakeConnection> pool = pool(5);
        Lease<FakeConnection> first = done(pool.acquire());
        assertCounts(pool, 0, 1, 0, 0);
        assertSame(pool, first.pool());
        first.release();
        assertCounts(pool, 1, 0, 0, 0);

        Lease<FakeConnection> second = done(pool.acquire());
        assertSame(first.connection(), second.connection());
        assertEquals(1, connector.connectCount());
        assertCounts(pool, 0, 1, 0, 0);
    }

    @Test
    void aSurrenderedLeaseLeavesThePoolWithItsConnectionOpenAndFreesItsSlot() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        pool.surrender(held);
        assertFalse(held.connection().isClosed(), "a successor goes on with it");
        Lease<FakeConnection> next = done(waiter);
        assertNotSame(held.connection(), next.connection());
        assertCounts(pool, 0, 1, 0, 0);
        assertThrows(IllegalStateException.class, held::release);
    }

    @Test
    void anAdoptedLeasedConnectionCountsAsActiveAndGoesIdleWhenReleased() {
        Pool<FakeConnection> pool = pool(1);
        FakeConnection moved = new FakeConnection(99);
        Lease<FakeConnection> lease = pool.adoptLeased(moved);
        assertSame(moved, lease.connection());
        assertCounts(pool, 0, 1, 0, 0);
        assertNull(pool.adoptLeased(new FakeConnection(100)), "full: the caller closes it");
        lease.release();
        assertCounts(pool, 1, 0, 0, 0);
        assertSame(moved, done(pool.acquire()).connection());
    }

    @Test
    void mostRecentlyUsedIdleConnectionComesFirst() {
        Pool<FakeConnection> pool = pool(5);
        Lease<FakeConnection> a = done(pool.acquire());
        Lease<FakeConnection> b = done(pool.acquire());
        a.release();
        b.release();
        assertSame(b.connection(), done(pool.acquire()).connection());
    }

    @Test
    void sizeLimitMakesWaiters() {
        Pool<FakeConnection> pool = pool(2);
        done(pool.acquire());
        done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> third = pool.acquire();
        pending(third);
        assertCounts(pool, 0, 2, 0, 1);
        assertEquals(2, connector.connectCount());
    }

    @Test
    void releaseHandsTheConnectionToTheOldestWaiter() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> w1 = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> w2 = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> w3 = pool.acquire();

        held.release();
        Lease<FakeConnection> l1 = done(w1);
        assertSame(held.connection(), l1.connection());
        pending(w2);
        pending(w3);
        assertCounts(pool, 0, 1, 0, 2);

        l1.release();
        Lease<FakeConnection> l2 = done(w2);
        pending(w3);
        l2.release();
        done(w3).release();
        assertCounts(pool, 1, 0, 0, 0);
        assertEquals(1, connector.connectCount());
    }

    @Test
    void aNewcomerDoesNotOvertakeTheQueue() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        held.release();
        CompletableFuture<Lease<FakeConnection>> newcomer = pool.acquire();
        done(waiter);
        pending(newcomer);
    }

    @Test
    void cancelledWaiterLeavesTheQueue() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        assertTrue(waiter.cancel(false));
        assertCounts(pool, 0, 1, 0, 0);

        held.release();
        assertCounts(pool, 1, 0, 0, 0);
        assertFalse(held.connection().isClosed());
    }

    @Test
    void cancelWhileConnectingLeavesTheNewConnectionIdle() {
        FakeConnector manual = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(1), manual, ticker);
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        assertCounts(pool, 0, 0, 1, 1);
        waiter.cancel(false);
        assertCounts(pool, 0, 0, 1, 0);

        manual.completeNext();
        assertCounts(pool, 1, 0, 0, 0);
    }

    /**
     * The race the pool must survive: a waiter is taken off the queue and given a connection under
     * the lock, but its client cancels before the future is completed outside the lock. Forced here
     * by cancelling the second waiter from the failure callback of the first, which the same release
     * times out and which runs just before the hand-off.
     */
    @Test
    void connectionHandedToAFutureCancelledInTheRaceGoesBackToThePool() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> w1 = pool.acquire();
        ticker.advance(Duration.ofSeconds(10));
        CompletableFuture<Lease<FakeConnection>> w2 = pool.acquire();
        w1.whenComplete((l, e) -> w2.cancel(false));
        ticker.advance(Duration.ofSeconds(25)); // w1 is past its 30s, w2 is not

        held.release();

        assertTrue(w1.isCompletedExceptionally());
        assertTrue(w2.isCancelled());
        assertCounts(pool, 1, 0, 0, 0);
        assertFalse(held.connection().isClosed());
        assertSame(held.connection(), done(pool.acquire()).connection());
    }

    @Test
    void discardClosesTheConnectionAndAWaiterGetsANewOne() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();

        held.discard();
        assertTrue(held.connection().isClosed());
        Lease<FakeConnection> fresh = done(waiter);
        assertNotSame(held.connection(), fresh.connection());
        assertEquals(2, connector.connectCount());
        assertCounts(pool, 0, 1, 0, 0);
    }

    @Test
    void discardWithoutWaitersFreesTheSlot() {
        Pool<FakeConnection> pool = pool(1);
        done(pool.acquire()).discard();
        assertCounts(pool, 0, 0, 0, 0);
        done(pool.acquire());
        assertEquals(2, connector.connectCount());
    }

    @Test
    void releasingABrokenConnectionDiscardsIt() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> lease = done(pool.acquire());
        lease.connection().breakIt();
        lease.release();
        assertTrue(lease.connection().isClosed());
        assertCounts(pool, 0, 0, 0, 0);
    }

    @Test
    void unusableIdleConnectionIsSkippedAndClosed() {
        Pool<FakeConnection> pool = pool(5);
        Lease<FakeConnection> a = done(pool.acquire());
        Lease<FakeConnection> b = done(pool.acquire());
        a.release();
        b.release();
        b.connection().breakIt(); // the most recently used one died while idle

        Lease<FakeConnection> next = done(pool.acquire());
        assertSame(a.connection(), next.connection());
        assertTrue(b.connection().isClosed());
        assertCounts(pool, 0, 1, 0, 0);
    }

    @Test
    void secondReleaseOrDiscardOfALeaseIsRefused() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> lease = done(pool.acquire());
        lease.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, lease::release);
        assertEquals("lease of server #1 in pool \"app.app@127.0.0.1:5432\" has already been released or discarded",
                e.getMessage());
        assertThrows(IllegalStateException.class, lease::discard);
        assertCounts(pool, 1, 0, 0, 0);

        Lease<FakeConnection> discarded = done(pool.acquire());
        discarded.discard();
        assertThrows(IllegalStateException.class, discarded::release);
        assertEquals(1, discarded.connection().closeCount());
    }

    @Test
    void aStaleLeaseCannotEndTheLeaseOfTheNextClient() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> first = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        first.release();
        Lease<FakeConnection> second = done(waiter);
        assertSame(first.connection(), second.connection());

        assertThrows(IllegalStateException.class, first::release);
        assertThrows(IllegalStateException.class, first::discard);
        assertCounts(pool, 0, 1, 0, 0);
        second.release();
        assertCounts(pool, 1, 0, 0, 0);
    }

    @Test
    void callbacksMayReenterThePool() {
        Pool<FakeConnection> pool = pool(1);
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> w1 = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> w2 = pool.acquire();
        // Released from inside w1's completion, which runs after the pool's lock is free.
        w1.thenAccept(Lease::release);
        held.release();
        done(w2);
        assertCounts(pool, 0, 1, 0, 0);
    }
}
