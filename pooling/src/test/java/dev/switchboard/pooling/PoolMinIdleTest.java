// minIdle: maintenance keeps warm connections, within the pool size and its budgets, and idle timeout spares them.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.TestPools.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolMinIdleTest {

    private final ManualTicker ticker = new ManualTicker();

    private static PoolSettings settings(int size, int minIdle) {
        return new PoolSettings(size, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(1), minIdle,
                Duration.ofSeconds(30));
    }

    @Test
    void maintenanceOpensConnectionsUpToMinIdle() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 3), connector, ticker);
        assertEquals(0, pool.totalCount(), "nothing opens before maintenance runs");
        pool.runMaintenance();
        assertEquals(3, pool.idleCount());
        pool.runMaintenance();
        assertEquals(3, connector.connectCount(), "already warm: nothing more");

        Lease<FakeConnection> lease = done(pool.acquire());
        pool.runMaintenance();
        assertEquals(3, pool.idleCount(), "one leased: one more opened");
        assertEquals(1, pool.activeCount());
        lease.release();
        assertEquals(4, pool.idleCount());
    }

    @Test
    void connectsInFlightCount() {
        FakeConnector connector = FakeConnector.manual();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 2), connector, ticker);
        pool.runMaintenance();
        pool.runMaintenance();
        assertEquals(2, connector.pendingCount());
        assertEquals(2, pool.connectingCount());
        connector.completeNext();
        connector.completeNext();
        assertEquals(2, pool.idleCount());
    }

    @Test
    void staysWithinMaxSize() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(3, 3), connector, ticker);
        done(pool.acquire());
        done(pool.acquire());
        pool.runMaintenance();
        assertEquals(1, pool.idleCount());
        assertEquals(3, pool.totalCount());
    }

    @Test
    void staysWithinTheBudgets() {
        FakeConnector connector = FakeConnector.immediate();
        ConnectionBudget budget = new ConnectionBudget("database \"app\"", 2);
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 5), connector, ticker, List.of(budget));
        pool.runMaintenance();
        assertEquals(2, pool.idleCount());
        assertEquals(2, budget.inUse());
    }

    @Test
    void idleTimeoutClosesOnlyConnectionsBeyondMinIdleOldestFirst() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 2), connector, ticker);
        Lease<FakeConnection> a = done(pool.acquire());
        Lease<FakeConnection> b = done(pool.acquire());
        Lease<FakeConnection> c = done(pool.acquire());
        a.release();
        ticker.advance(Duration.ofSeconds(1));
        b.release();
        ticker.advance(Duration.ofSeconds(1));
        c.release();
        ticker.advance(Duration.ofMinutes(11));
        pool.runMaintenance();
        assertTrue(a.connection().isClosed(), "the longest idle goes");
        assertFalse(b.connection().isClosed());
        assertFalse(c.connection().isClosed());
        assertEquals(2, pool.idleCount());
        assertEquals(3, connector.connectCount(), "and nothing is reopened");
    }

    @Test
    void connectionsPastTheirLifetimeAreReplaced() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 2), connector, ticker);
        pool.runMaintenance();
        ticker.advance(Duration.ofHours(1));
        pool.runMaintenance();
        assertTrue(connector.created().get(0).isClosed());
        assertTrue(connector.created().get(1).isClosed());
        assertEquals(2, pool.idleCount());
        assertEquals(4, connector.connectCount());
    }

    @Test
    void aFailedWarmUpConnectIsRetriedByTheNextMaintenance() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 1), connector, ticker);
        connector.failWith(new IllegalStateException("server down"));
        pool.runMaintenance();
        assertEquals(0, pool.totalCount());
        assertEquals(1, pool.stats().connectFailures());
        connector.failWith(null);
        pool.runMaintenance();
        assertEquals(1, pool.idleCount());
    }

    @Test
    void aClosedPoolOpensNothing() {
        FakeConnector connector = FakeConnector.immediate();
        Pool<FakeConnection> pool = new Pool<>(KEY, settings(10, 2), connector, ticker);
        pool.close();
        pool.runMaintenance();
        assertEquals(0, connector.connectCount());
    }
}
