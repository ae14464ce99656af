// PoolPauseTest: pause and resume (callers queue, leases come back) and reconnect (connections replaced, clients not).
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.pending;
import static dev.switchboard.pooling.TestPools.KEY;
import static dev.switchboard.pooling.TestPools.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolPauseTest {
    private final ManualTicker ticker = new ManualTicker();
    private final FakeConnector connector = FakeConnector.immediate();
    private final Pool<FakeConnection> pool = new Pool<>(KEY, size(2), connector, ticker);

    @Test
    void pausedPoolQueuesCallersEvenWithIdleConnectionsAndServesThemOnResume() {
        Lease<FakeConnection> held = done(pool.acquire());
        Lease<FakeConnection> other = done(pool.acquire());
        other.release();
        pool.pause();
        assertTrue(pool.isPaused());
        CompletableFuture<Lease<FakeConnection>> waiting = pool.acquire();
        pending(waiting);
        ticker.advance(java.time.Duration.ofMillis(1500));
        assertEquals(java.time.Duration.ofMillis(1500), pool.longestWait());
        held.release(); // a lease given out before the pause comes back as usual
        pending(waiting);
        assertEquals(2, pool.idleCount());
        assertEquals(1, pool.waitingCount());
        pool.resume();
        assertFalse(pool.isPaused());
        done(waiting).release();
        assertEquals(java.time.Duration.ZERO, pool.longestWait());
        assertEquals(2, connector.connectCount(), "no connection was opened for the queued caller");
    }

    @Test
    void reconnectClosesIdleConnectionsNowAndLeasedOnesWhenTheyComeBack() {
        Lease<FakeConnection> leased = done(pool.acquire());
        Lease<FakeConnection> idle = done(pool.acquire());
        idle.release();
        pool.reconnect();
        assertTrue(idle.connection().isClosed());
        assertFalse(leased.connection().isClosed(), "the client keeps its server until it gives it back");
        assertEquals(1, pool.outdatedCount());
        leased.release();
        assertEquals(0, pool.outdatedCount());
        assertTrue(leased.connection().isClosed());
        Lease<FakeConnection> fresh = done(pool.acquire());
        assertNotSame(idle.connection(), fresh.connection());
        assertNotSame(leased.connection(), fresh.connection());
        fresh.release();
        assertSame(fresh.connection(), done(pool.acquire()).connection(), "new connections are kept");
    }

    @Test
    void serversListsEveryConnectionWithItsState() {
        Lease<FakeConnection> leased = done(pool.acquire());
        done(pool.acquire()).release();
        assertEquals(java.util.Set.of(ServerState.ACTIVE, ServerState.IDLE),
                pool.servers().stream().map(ServerEntry::state).collect(java.util.stream.Collectors.toSet()));
        leased.release();
    }
}
