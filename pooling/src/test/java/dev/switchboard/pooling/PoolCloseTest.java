// Closing a pool: waiters fail, idle connections close now, leased ones when released.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.failure;
import static dev.switchboard.pooling.TestPools.KEY;
import static dev.switchboard.pooling.TestPools.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolCloseTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void closeFailsWaitersAndClosesConnections() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(2), connector, ticker);
        done(pool.acquire());
        Lease<FakeConnection> leased = done(pool.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();

        pool.close();
        PoolClosedException e = assertInstanceOf(PoolClosedException.class, failure(waiter));
        assertEquals("pool \"app.app@127.0.0.1:5432\" is closed", e.getMessage());
        assertEquals(KEY, e.pool());
        assertTrue(pool.isClosed());
        assertEquals(0, pool.waitingCount());

        assertFalse(leased.connection().isClosed(), "a leased connection stays open until released");
        leased.release();
        assertTrue(leased.connection().isClosed());
        assertInstanceOf(PoolClosedException.class, failure(pool.acquire()));
    }

    @Test
    void closeClosesIdleConnectionsAtOnce() {
        Pool<FakeConnection> pool = new Pool<>(KEY, size(2), FakeConnector.immediate(), ticker);
        Lease<FakeConnection> lease = done(pool.acquire());
        lease.release();
        pool.close();
        pool.close(); // idempotent
        assertEquals(1, lease.connection().closeCount());
        assertEquals(0, pool.totalCount());
    }

    @Test
    void aConnectFinishingAfterCloseIsClosed() {
        FakeConnector connector = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(1), connector, ticker);
        CompletableFuture<Lease<FakeConnection>> waiter = pool.acquire();
        pool.close();
        assertInstanceOf(PoolClosedException.class, failure(waiter));

        FakeConnection late = connector.completeNext();
        assertTrue(late.isClosed());
        assertEquals(0, pool.totalCount());
    }
}
