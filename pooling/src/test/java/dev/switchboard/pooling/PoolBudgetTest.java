// Shared limits across pools: connects need a slot in every budget, waiters time out naming the limit, and a
// slot freed (or an idle connection evicted) in one pool lets another pool's clients in.
package dev.switchboard.pooling;

import static dev.switchboard.pooling.Futures.done;
import static dev.switchboard.pooling.Futures.failure;
import static dev.switchboard.pooling.Futures.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolBudgetTest {

    private static final PoolKey ALICE = new PoolKey("127.0.0.1:5432", "app", "alice");
    private static final PoolKey BOB = new PoolKey("127.0.0.1:5432", "app", "bob");

    private final ManualTicker ticker = new ManualTicker();
    private final ConnectionBudget database = new ConnectionBudget("database \"app\"", 2);
    private final FakeConnector aliceServers = FakeConnector.immediate();
    private final FakeConnector bobServers = FakeConnector.immediate();
    private final Pool<FakeConnection> alice = pool(ALICE, aliceServers, database);
    private final Pool<FakeConnection> bob = pool(BOB, bobServers, database);

    private Pool<FakeConnection> pool(PoolKey key, FakeConnector connector, ConnectionBudget... budgets) {
        return new Pool<>(key, TestPools.size(5), connector, ticker, List.of(budgets));
    }

    @Test
    void connectsTakeASlotAndClosesGiveItBack() {
        Lease<FakeConnection> a = done(alice.acquire());
        Lease<FakeConnection> b = done(bob.acquire());
        assertEquals(2, database.inUse());
        a.release();
        assertEquals(2, database.inUse(), "an idle connection keeps its slot");
        b.discard();
        assertEquals(1, database.inUse());
        alice.close();
        assertEquals(0, database.inUse());
    }

    @Test
    void exhaustedBudgetMakesClientsWaitAndTimeOutNamingIt() {
        done(alice.acquire());
        done(alice.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = bob.acquire();
        pending(waiter);
        assertEquals(1, bob.waitingCount());
        assertEquals(0, bob.totalCount());

        ticker.advance(Duration.ofSeconds(30));
        bob.runMaintenance();
        PoolTimeoutException e = assertInstanceOf(PoolTimeoutException.class, failure(waiter));
        assertEquals("no server connection available in pool \"app.bob@127.0.0.1:5432\" within 30s "
                + "(database \"app\" limit 2 reached)", e.getMessage());
        assertEquals("database \"app\"", e.exhaustedBudget());
    }

    @Test
    void thePoolSizeIsNamedWhenItIsTheLimit() {
        Pool<FakeConnection> small = new Pool<>(ALICE, TestPools.size(1), aliceServers, ticker, List.of(database));
        done(small.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = small.acquire();
        ticker.advance(Duration.ofSeconds(30));
        small.runMaintenance();
        PoolTimeoutException e = assertInstanceOf(PoolTimeoutException.class, failure(waiter));
        assertNull(e.exhaustedBudget());
        assertTrue(e.getMessage().endsWith("(pool size 1)"), e.getMessage());
    }

    @Test
    void aConnectionClosedInOnePoolLetsAnotherPoolsWaiterConnect() {
        Lease<FakeConnection> a1 = done(alice.acquire());
        done(alice.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = bob.acquire();
        pending(waiter);

        a1.discard(); // frees a slot: bob is nudged and connects
        Lease<FakeConnection> lease = done(waiter);
        assertSame(bobServers.created().get(0), lease.connection());
        assertEquals(2, database.inUse());
    }

    @Test
    void aSlotFreedByAnyoneNudgesTheWaitingPool() {
        assertTrue(database.tryReserve()); // held outside any pool, e.g. by a listening connection
        assertTrue(database.tryReserve());
        CompletableFuture<Lease<FakeConnection>> waiter = bob.acquire();
        pending(waiter);
        database.release();
        done(waiter);
    }

    @Test
    void anIdleConnectionOfAnotherPoolIsClosedToMakeRoom() {
        Lease<FakeConnection> a1 = done(alice.acquire());
        Lease<FakeConnection> a2 = done(alice.acquire());
        a1.release();
        ticker.advance(Duration.ofSeconds(1));
        a2.release(); // a1 is the longest idle

        Lease<FakeConnection> lease = done(bob.acquire());
        assertTrue(a1.connection().isClosed());
        assertFalse(a2.connection().isClosed());
        assertEquals(1, alice.idleCount());
        assertEquals(1, alice.stats().evictions());
        assertSame(bobServers.created().get(0), lease.connection());
        assertEquals(2, database.inUse());
    }

    @Test
    void aReleasedConnectionMakesRoomForAnotherPoolsWaiter() {
        Lease<FakeConnection> a1 = done(alice.acquire());
        done(alice.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = bob.acquire();
        pending(waiter);

        a1.release(); // alice has nobody waiting: the slot goes to bob rather than to alice's idle list
        assertTrue(a1.connection().isClosed());
        assertEquals(0, alice.idleCount());
        done(waiter);
    }

    @Test
    void aPoolsOwnWaitersComeFirst() {
        Lease<FakeConnection> a1 = done(alice.acquire());
        done(alice.acquire());
        CompletableFuture<Lease<FakeConnection>> bobWaits = bob.acquire();
        CompletableFuture<Lease<FakeConnection>> aliceWaits = alice.acquire();

        a1.release();
        assertSame(a1.connection(), done(aliceWaits).connection());
        pending(bobWaits);
    }

    @Test
    void everyBudgetMustGrantASlotAndARefusalGivesTheOthersBack() {
        ConnectionBudget user = new ConnectionBudget("user \"carol\"", 1);
        ConnectionBudget roomy = new ConnectionBudget("database \"other\"", 10);
        Pool<FakeConnection> carolApp = pool(new PoolKey("h:1", "app", "carol"), FakeConnector.immediate(),
                database, user);
        Pool<FakeConnection> carolOther = pool(new PoolKey("h:1", "other", "carol"), FakeConnector.immediate(),
                roomy, user);
        Lease<FakeConnection> held = done(carolApp.acquire());
        CompletableFuture<Lease<FakeConnection>> waiter = carolOther.acquire();
        pending(waiter);
        assertEquals(0, roomy.inUse(), "the slot taken before the user budget refused was given back");
        assertEquals(1, user.inUse());

        held.discard();
        done(waiter);
        assertEquals(1, roomy.inUse());
        assertEquals(1, user.inUse());
        assertEquals(0, database.inUse());
    }

    @Test
    void aFailedConnectGivesItsSlotBack() {
        aliceServers.failWith(new IllegalStateException("refused"));
        failure(alice.acquire());
        assertEquals(0, database.inUse());
    }

    @Test
    void aConnectionOpenedForAClientThatLeftGoesToAStarvedPool() {
        FakeConnector manual = FakeConnector.manual();
        Pool<FakeConnection> carol = pool(new PoolKey("h:1", "app", "carol"), manual, database);
        done(alice.acquire());
        carol.acquire().cancel(false); // its connect goes on
        CompletableFuture<Lease<FakeConnection>> waiter = bob.acquire();
        pending(waiter);

        FakeConnection opened = manual.completeNext();
        assertTrue(opened.isClosed(), "nobody in carol's pool wants it; bob's pool needs the slot");
        assertEquals(1, carol.stats().evictions());
        done(waiter);
    }

    @Test
    void aClosedPoolLeavesItsBudgetsButGivesSlotsBackWhenItsLeasesEnd() {
        Lease<FakeConnection> a = done(alice.acquire());
        alice.close();
        assertEquals(1, database.inUse());
        a.release();
        assertEquals(0, database.inUse());
        done(bob.acquire());
        done(bob.acquire());
        pending(bob.acquire());
    }
}
