// The state machine: list membership follows transitions, illegal moves are refused.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ServerListsTest {

    private final ServerLists<FakeConnection> lists = new ServerLists<>();

    private PooledServer<FakeConnection> connected(long id) {
        PooledServer<FakeConnection> s = new PooledServer<>(id);
        lists.transition(s, ServerState.CONNECTING);
        s.connected(new FakeConnection((int) id), null, 0);
        lists.transition(s, ServerState.IDLE);
        return s;
    }

    @Test
    void aServerIsOnTheListOfItsState() {
        PooledServer<FakeConnection> s = new PooledServer<>(1);
        lists.transition(s, ServerState.CONNECTING);
        assertEquals(1, lists.connectingCount());
        lists.transition(s, ServerState.ACTIVE);
        assertEquals(0, lists.connectingCount());
        assertEquals(1, lists.activeCount());
        lists.transition(s, ServerState.IDLE);
        assertEquals(1, lists.idleCount());
        assertEquals(0, lists.activeCount());
        lists.transition(s, ServerState.CLOSED);
        assertEquals(0, lists.totalCount());
        assertEquals(ServerState.CLOSED, s.state());
    }

    @Test
    void idleListIsMostRecentFirst() {
        PooledServer<FakeConnection> a = connected(1);
        PooledServer<FakeConnection> b = connected(2);
        assertSame(b, lists.mostRecentIdle());
        lists.transition(b, ServerState.ACTIVE);
        assertSame(a, lists.mostRecentIdle());
    }

    @Test
    void illegalTransitionsAreRefused() {
        PooledServer<FakeConnection> fresh = new PooledServer<>(7);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lists.transition(fresh, ServerState.IDLE));
        assertEquals("illegal pool transition of server #7 (NEW) from NEW to IDLE", e.getMessage());

        PooledServer<FakeConnection> idle = connected(8);
        assertThrows(IllegalStateException.class, () -> lists.transition(idle, ServerState.IDLE));
        assertThrows(IllegalStateException.class, () -> lists.transition(idle, ServerState.CONNECTING));
        lists.transition(idle, ServerState.CLOSED);
        for (ServerState to : ServerState.values()) {
            assertThrows(IllegalStateException.class, () -> lists.transition(idle, to), "CLOSED -> " + to);
        }
        assertEquals(0, lists.totalCount(), "a refused move leaves the lists alone");
    }

    @Test
    void everyStateHasExactlyTheDocumentedMoves() {
        String moves = "";
        for (ServerState from : ServerState.values()) {
            for (ServerState to : ServerState.values()) {
                if (from.canMoveTo(to)) {
                    moves += from + ">" + to + " ";
                }
            }
        }
        assertEquals("NEW>CONNECTING CONNECTING>IDLE CONNECTING>ACTIVE CONNECTING>CLOSED IDLE>CHECKING IDLE>ACTIVE "
                + "IDLE>CLOSED CHECKING>IDLE CHECKING>ACTIVE CHECKING>CLOSED ACTIVE>IDLE ACTIVE>CLOSED ", moves);
    }
}
