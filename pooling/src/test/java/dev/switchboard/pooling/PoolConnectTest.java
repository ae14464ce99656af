// Connect failures: exactly one client hears each, the slot is freed and later clients retry.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.failure;
import static dev.switchboard.pooling.Futures.pending;
import static dev.switchboard.pooling.TestPools.KEY;
import static dev.switchboard.pooling.TestPools.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PoolConnectTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void connectFailureFailsOneCallerAndTheNextWaiterGetsAFreshConnect() {
        FakeConnector connector = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(1), connector, ticker);
        CompletableFuture<Lease<FakeConnection>> first = pool.acquire();
        CompletableFuture<Lease<FakeConnection>> second = pool.acquire();
        assertEquals(1, connector.pendingCount());
        assertEquals(1, pool.connectingCount());
        assertEquals(2, pool.waitingCount());

        RuntimeException refused = new RuntimeException("connection to 127.0.0.1:5432 refused");
        connector.failNext(refused);
        assertSame(refused, failure(first));
        pending(second);
        assertEquals(1, connector.pendingCount(), "a retry for the remaining waiter");

        FakeConnection c = connector.completeNext();
        assertSame(c, done(second).connection());
        assertEquals(0, pool.waitingCount());
        assertEquals(1, pool.activeCount());
    }

    @Test
    void connectsStartForEveryWaiterUpToTheSizeLimit() {
        FakeConnector connector = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(2), connector, ticker);
        pool.acquire();
        pool.acquire();
        pool.acquire();
        assertEquals(2, connector.pendingCount());
        assertEquals(2, pool.connectingCount());
        assertEquals(3, pool.waitingCount());
    }

    @Test
    void aLaterAcquireRetriesAfterAFailure() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(1), connector, ticker);
        RuntimeException down = new RuntimeException("server down");
        connector.failWith(down);
        assertSame(down, failure(pool.acquire()));
        assertEquals(0, pool.totalCount());

        connector.failWith(null);
        done(pool.acquire());
        assertEquals(2, connector.connectCount());
        assertEquals(1, pool.activeCount());
    }

    @Test
    void wrappedFailuresReachTheClientUnwrapped() {
        FakeConnector connector = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(1), connector, ticker);
        CompletableFuture<Lease<FakeConnection>> f = pool.acquire();
        IllegalStateException cause = new IllegalStateException("password authentication failed");
        connector.failNext(new CompletionException(cause));
        assertSame(cause, failure(f));
    }

    @Test
    void aConnectorThatThrowsOrReturnsNullFailsTheCaller() {
        RuntimeException boom = new RuntimeException("boom");
        Pool<FakeConnection> throwing = new Pool<>(KEY, size(1), () -> {
            throw boom;
        }, ticker);
        assertSame(boom, failure(throwing.acquire()));
        assertEquals(0, throwing.totalCount());

        Pool<FakeConnection> returningNull = new Pool<>(KEY, size(1), () -> null, ticker);
        Throwable t = failure(returningNull.acquire());
        assertInstanceOf(IllegalStateException.class, t);
        assertEquals("connector of pool \"app.app@127.0.0.1:5432\" returned no future", t.getMessage());

        Pool<FakeConnection> completingNull = new Pool<>(KEY, size(1),
                () -> CompletableFuture.completedFuture(null), ticker);
        assertEquals("connector of pool \"app.app@127.0.0.1:5432\" completed without a connection",
                failure(completingNull.acquire()).getMessage());
    }

    @Test
    void aFailureWithNobodyWaitingOnlyFreesTheSlot() {
        FakeConnector connector = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, size(1), connector, ticker);
        pool.acquire().cancel(false);
        connector.failNext(new RuntimeException("refused"));
        assertEquals(0, pool.totalCount());
        assertEquals(0, connector.pendingCount());
    }
}
