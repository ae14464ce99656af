// The idle list: order of use overall and per affinity survives removals anywhere.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdleServersTest {

    private final IdleServers<FakeConnection> idle = new IdleServers<>();

    private static PooledServer<FakeConnection> server(int id, Object affinity) {
        PooledServer<FakeConnection> s = new PooledServer<>(id);
        s.connected(new FakeConnection(id, affinity), affinity, 0);
        return s;
    }

    @Test
    void newestOverallAndPerAffinity() {
        PooledServer<FakeConnection> a1 = server(1, "A");
        PooledServer<FakeConnection> b1 = server(2, "B");
        PooledServer<FakeConnection> a2 = server(3, "A");
        PooledServer<FakeConnection> none = server(4, null);
        for (PooledServer<FakeConnection> s : List.of(a1, b1, a2, none)) {
            idle.addNewest(s);
        }
        assertEquals(4, idle.size());
        assertSame(none, idle.newest());
        assertSame(a1, idle.oldest());
        assertSame(a2, idle.newest("A"));
        assertSame(b1, idle.newest("B"));
        assertNull(idle.newest("C"));
        assertNull(idle.newest(null), "no affinity asks for the overall newest instead");
        assertEquals(List.of(a1, b1, a2, none), idle.oldestFirst());
    }

    @Test
    void removalFromAnywhereKeepsBothOrders() {
        PooledServer<FakeConnection> a1 = server(1, "A");
        PooledServer<FakeConnection> a2 = server(2, "A");
        PooledServer<FakeConnection> a3 = server(3, "A");
        PooledServer<FakeConnection> b1 = server(4, "B");
        for (PooledServer<FakeConnection> s : List.of(a1, a2, b1, a3)) {
            idle.addNewest(s);
        }
        idle.remove(a2); // middle of both chains
        assertEquals(List.of(a1, b1, a3), idle.oldestFirst());
        assertSame(a3, idle.newest("A"));
        idle.remove(a3); // head of both chains
        assertSame(a1, idle.newest("A"));
        assertSame(b1, idle.newest());
        idle.remove(a1); // tail of both chains: the affinity's entry goes away
        assertNull(idle.newest("A"));
        assertSame(b1, idle.oldest());
        idle.remove(b1);
        assertEquals(0, idle.size());
        assertNull(idle.newest());
        assertNull(idle.oldest());
        assertNull(idle.newest("B"));

        idle.addNewest(a2); // a removed server can come back
        assertSame(a2, idle.newest("A"));
        assertEquals(List.of(a2), idle.oldestFirst());
    }
}
