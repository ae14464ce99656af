// ClientStatementsTest: a session's own statement names — binding, the 42P05 helper, the unnamed rule, registry use.
package dev.switchboard.proxy.prepared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientStatementsTest {

    private final StatementRegistry registry = new StatementRegistry(100);
    private final ServerStatement one = registry.intern(new StatementKey("select 1", new int[0]));
    private final ServerStatement two = registry.intern(new StatementKey("select 2", new int[0]));

    @Test
    void putGetContainsRemove() {
        ClientStatements client = new ClientStatements();
        client.put("S_1", one);
        client.put("S_2", two);
        assertSame(one, client.get("S_1"));
        assertTrue(client.contains("S_2"));
        assertEquals(2, client.size());
        assertSame(one, client.remove("S_1"));
        assertNull(client.get("S_1"));
        assertFalse(client.contains("S_1"));
        assertNull(client.remove("S_1"));
        assertNull(client.get("never"));
        assertEquals(1, client.size());
    }

    @Test
    void putReplacesAnExistingName() {
        ClientStatements client = new ClientStatements();
        client.put("S_1", one);
        client.put("S_1", two);
        assertSame(two, client.get("S_1"));
        assertEquals(1, client.size());
    }

    @Test
    void putIfAbsentLetsTheCallerAnswer42P05() {
        ClientStatements client = new ClientStatements();
        assertTrue(client.putIfAbsent("S_1", one));
        // PostgreSQL: ERROR 42P05 prepared statement "S_1" already exists — the old binding must survive.
        assertFalse(client.putIfAbsent("S_1", two));
        assertSame(one, client.get("S_1"));
        assertEquals(1, client.size());
    }

    @Test
    void theUnnamedStatementIsNeverTracked() {
        ClientStatements client = new ClientStatements();
        IllegalArgumentException put = assertThrows(IllegalArgumentException.class, () -> client.put("", one));
        assertTrue(put.getMessage().contains("unnamed"), put.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.putIfAbsent("", one));
        assertNull(client.get(""));
        assertFalse(client.contains(""));
        assertNull(client.remove(""));
        assertEquals(0, client.size());
    }

    @Test
    void nullsAreRefused() {
        ClientStatements client = new ClientStatements();
        assertThrows(NullPointerException.class, () -> client.put(null, one));
        assertThrows(NullPointerException.class, () -> client.put("S_1", null));
        assertThrows(NullPointerException.class, () -> client.putIfAbsent("S_1", null));
        assertEquals(0, client.size());
    }

    @Test
    void clearForgetsEverything() {
        ClientStatements client = new ClientStatements();
        client.put("S_1", one);
        client.put("S_2", two);
        client.clear();
        assertEquals(0, client.size());
        assertNull(client.get("S_1"));
        assertTrue(client.putIfAbsent("S_1", two));
    }

    @Test
    void bindingsTrackUseAcrossSessionsForTheRegistry() {
        ClientStatements a = new ClientStatements();
        ClientStatements b = new ClientStatements();
        a.put("S_1", one);
        b.put("stmt", one);
        a.put("S_2", one); // same statement under a second name of the same session
        assertTrue(one.inUseByClients());
        a.remove("S_1");
        a.put("S_2", two); // replacing unbinds the old statement
        assertTrue(one.inUseByClients(), "session b still holds it");
        b.clear();
        assertFalse(one.inUseByClients());
        assertFalse(a.putIfAbsent("S_2", one)); // a refused putIfAbsent binds nothing
        assertFalse(one.inUseByClients());
        assertTrue(two.inUseByClients());
        a.clear();
        assertFalse(two.inUseByClients());
    }
}
