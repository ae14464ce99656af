// PoolReconfigureTest: new settings taken in place — a larger pool serves its waiters, a smaller one shrinks as leases return.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.pending;
import static dev.switchboard.pooling.TestPools.KEY;
import static dev.switchboard.pooling.TestPools.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolReconfigureTest {
    private final ManualTicker ticker = new ManualTicker();
    private final FakeConnector connector = FakeConnector.immediate();
    private final Pool<FakeConnection> pool = new Pool<>(KEY, size(1), connector, ticker);

    @Test
    void aLargerPoolOpensAConnectionForItsWaiter() {
        Lease<FakeConnection> held = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiting = pool.acquire();
        pending(waiting);
        pool.reconfigure(size(2));
        assertEquals(2, pool.settings().maxSize());
        Lease<FakeConnection> second = done(waiting);
        assertEquals(2, pool.totalCount());
        held.release();
        second.release();
    }

    @Test
    void aSmallerPoolClosesIdleConnectionsNowAndLeasedOnesWhenTheyComeBack() {
        pool.reconfigure(size(3));
        Lease<FakeConnection> a = done(pool.acquire());
        Lease<FakeConnection> b = done(pool.acquire());
        Lease<FakeConnection> c = done(pool.acquire());
        c.release();
        pool.reconfigure(size(1));
        assertTrue(c.connection().isClosed(), "the idle connection above the size closes at once");
        assertFalse(a.connection().isClosed(), "a client keeps its server until it gives it back");
        a.release();
        assertTrue(a.connection().isClosed());
        b.release();
        assertFalse(b.connection().isClosed(), "within the size again: kept");
        assertEquals(1, pool.totalCount());
    }
}
