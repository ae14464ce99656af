// acquire(affinity): an idle connection of the caller's event loop first, else the most recently used one; a freed
// connection to the oldest waiter of its own loop near the head of the queue, within a bound on passing the head.
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

    /** Set by {@link #lendBoth}: a pool of two, its connection of affinity A and its connection of B, both lent. */
    private Pool<FakeConnection> two;
    private Lease<FakeConnection> lentA;
    private Lease<FakeConnection> lentB;

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

    private void lendBoth() {
        two = new Pool<>(KEY, size(2), connector, ticker);
        connector.affinity("A");
        lentA = done(two.acquire("A"));
        connector.affinity("B");
        lentB = done(two.acquire("B"));
    }

    @Test
    void aFreedServerGoesToTheOldestWaiterOfItsOwnAffinity() {
        lendBoth();
        CompletableFuture<Lease<FakeConnection>> wantsB = two.acquire("B");
        CompletableFuture<Lease<FakeConnection>> wantsA = two.acquire("A");
        CompletableFuture<Lease<FakeConnection>> wantsAToo = two.acquire("A");
        lentA.release(); // the head wants B: A's connection goes to the oldest who wants A, one place behind
        assertSame(lentA.connection(), done(wantsA).connection());
        pending(wantsB);
        lentB.release();
        assertSame(lentB.connection(), done(wantsB).connection());
        done(wantsA).release();
        assertSame(lentA.connection(), done(wantsAToo).connection());
    }

    @Test
    void theHeadOfTheQueueIsPassedOverABoundedNumberOfTimes() {
        lendBoth();
        CompletableFuture<Lease<FakeConnection>> wantsB = two.acquire("B");
        Lease<FakeConnection> held = lentA;
        for (int pass = 0; pass < Pool.MAX_PASSES; pass++) {
            CompletableFuture<Lease<FakeConnection>> wantsA = two.acquire("A");
            held.release();
            held = done(wantsA);
            assertSame(lentA.connection(), held.connection());
            pending(wantsB);
        }
        CompletableFuture<Lease<FakeConnection>> wantsAAgain = two.acquire("A");
        held.release(); // passed over enough: the head takes A's connection rather than wait for B's
        assertSame(lentA.connection(), done(wantsB).connection());
        pending(wantsAAgain);
        lentB.release();
        assertSame(lentB.connection(), done(wantsAAgain).connection());
    }

    @Test
    void withNobodyOfItsAffinityWaitingTheHeadTakesTheFreedServer() {
        lendBoth();
        CompletableFuture<Lease<FakeConnection>> wantsB = two.acquire("B");
        CompletableFuture<Lease<FakeConnection>> anyone = two.acquire();
        lentA.release();
        assertSame(lentA.connection(), done(wantsB).connection());
        pending(anyone);
        lentB.release();
        assertSame(lentB.connection(), done(anyone).connection());
    }
}
