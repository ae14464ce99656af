// The state machine: list membership follows transitions, illegal moves are refused.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /**
     * Random legal moves of a dozen servers, checked after each against a plain model: a map of states and the
     * idle servers in order of their last move to idle. Every count, copy and pick must agree.
     */
    @Test
    void randomMovesKeepEveryListTrue() {
        long seed = System.nanoTime();
        System.out.println("ServerListsTest seed " + seed);
        Random random = new Random(seed);
        for (int run = 0; run < 200; run++) {
            ServerLists<FakeConnection> lists = new ServerLists<>();
            List<PooledServer<FakeConnection>> servers = new ArrayList<>();
            Map<PooledServer<FakeConnection>, ServerState> model = new LinkedHashMap<>();
            List<PooledServer<FakeConnection>> idleOldestFirst = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                PooledServer<FakeConnection> s = new PooledServer<>(i);
                s.connected(new FakeConnection(i), null, 0);
                servers.add(s);
                model.put(s, ServerState.NEW);
            }
            for (int step = 0; step < 150; step++) {
                PooledServer<FakeConnection> s = servers.get(random.nextInt(servers.size()));
                ServerState to = ServerState.values()[random.nextInt(ServerState.values().length)];
                String where = "seed " + seed + " run " + run + " step " + step + ": " + s + " to " + to;
                if (!model.get(s).canMoveTo(to)) {
                    assertThrows(IllegalStateException.class, () -> lists.transition(s, to), where);
                } else {
                    lists.transition(s, to);
                    model.put(s, to);
                    idleOldestFirst.remove(s);
                    if (to == ServerState.IDLE) {
                        idleOldestFirst.add(s);
                    }
                }
                assertEquals(count(model, ServerState.IDLE), lists.idleCount(), where);
                assertEquals(count(model, ServerState.ACTIVE), lists.activeCount(), where);
                assertEquals(count(model, ServerState.CHECKING), lists.checkingCount(), where);
                assertEquals(count(model, ServerState.CONNECTING), lists.connectingCount(), where);
                assertEquals(idleOldestFirst, lists.idleSnapshot(), where);
                assertSame(idleOldestFirst.isEmpty() ? null : idleOldestFirst.get(idleOldestFirst.size() - 1),
                        lists.mostRecentIdle(), where);
                assertSame(idleOldestFirst.isEmpty() ? null : idleOldestFirst.get(0), lists.leastRecentIdle(), where);
                assertEquals(onList(model, ServerState.CHECKING), new HashSet<>(lists.checkingSnapshot()), where);
                var all = new HashSet<>(model.keySet());
                all.removeIf(x -> model.get(x) == ServerState.NEW || model.get(x) == ServerState.CLOSED);
                assertEquals(all, new HashSet<>(lists.allSnapshot()), where);
                assertEquals(all.size(), lists.totalCount(), where);
            }
        }
    }

    private static int count(Map<PooledServer<FakeConnection>, ServerState> model, ServerState state) {
        return onList(model, state).size();
    }

    private static HashSet<PooledServer<FakeConnection>> onList(Map<PooledServer<FakeConnection>, ServerState> model,
                                                                ServerState state) {
        HashSet<PooledServer<FakeConnection>> on = new HashSet<>();
        model.forEach((s, st) -> {
            if (st == state) {
                on.add(s);
            }
        });
        return on;
    }
}
