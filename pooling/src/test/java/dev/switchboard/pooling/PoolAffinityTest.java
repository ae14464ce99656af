// acquire(affinity): an idle connection of the caller's event loop first, else the most recently used one.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.pending;
import static dev.switchboard.pooling.TestPools.KEY;
import static dev.switchboard.pooling.TestPools.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolAffinityTest {

    private final ManualTicker ticker = new ManualTicker();
    private final FakeConnector connector = FakeConnector.immediate();
    private final Pool<FakeConnection> pool = new Pool<>(KEY, size(10), connector, ticker);

    private Lease<FakeConnection> connectWith(Object affinity) {
        connector.affinity(affinity);
        Lease<FakeConnection> lease = done(pool.acquire(affinity));
        assertSame(affinity, lease.connection().affinity());
        return lease;
    }

    @Test
    void prefersTheMostRecentlyUsedIdleConnectionWithTheSameAffinity() {
        Lease<FakeConnection> a1 = connectWith("A");
        Lease<FakeConnection> a2 = connectWith("A");
        Lease<FakeConnection> b1 = connectWith("B");
        a1.release();
        a2.release();
        b1.release(); // overall most recent is B's

        assertSame(a2.connection(), done(pool.acquire("A")).connection());
        assertSame(a1.connection(), done(pool.acquire("A")).connection());
        // A has none left idle: the most recently used of any affinity.
        assertSame(b1.connection(), done(pool.acquire("A")).connection());
        assertEquals(3, connector.connectCount());
    }

    @Test
    void noAffinityOrAnUnknownOneTakesTheMostRecentlyUsed() {
        Lease<FakeConnection> a = connectWith("A");
        Lease<FakeConnection> b = connectWith("B");
        b.release();
        a.release();
        assertSame(a.connection(), done(pool.acquire()).connection());
        assertSame(b.connection(), done(pool.acquire("C")).connection());
    }

    @Test
    void connectionsWithoutAffinityServeEveryone() {
        Lease<FakeConnection> plain = connectWith(null);
        plain.release();
        assertSame(plain.connection(), done(pool.acquire("A")).connection());
    }

    @Test
    void theHeadOfTheQueueIsServedFirstWhateverItsAffinity() {
        Pool<FakeConnection> two = new Pool<>(KEY, size(2), connector, ticker);
        connector.affinity("A");
        Lease<FakeConnection> a = done(two.acquire("A"));
        connector.affinity("B");
        Lease<FakeConnection> b = done(two.acquire("B"));
        CompletableFuture<Lease<FakeConnection>> wantsB = two.acquire("B");
        CompletableFuture<Lease<FakeConnection>> wantsA = two.acquire("A");
        a.release(); // FIFO beats affinity: the head (wants B) takes A's connection rather than wait
        assertSame(a.connection(), done(wantsB).connection());
        pending(wantsA);
        b.release();
        assertSame(b.connection(), done(wantsA).connection());
    }
}
