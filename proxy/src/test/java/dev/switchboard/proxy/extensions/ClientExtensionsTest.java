// ClientExtensionsTest: one client's SET and RESET of its middleware settings, and that clients never share a change.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientExtensionsTest {

    @Test
    void aSetByOneClientThatAskedForNothingLeavesEveryOtherClientAsItWas() {
        ClientExtensions first = ClientExtensions.none();
        ClientExtensions second = ClientExtensions.none();
        ClientExtensions fromEmptyStartup = ClientExtensions.fromStartup(Map.of(), Map.of());

        first.set(Extension.COMMIT_LSN, "on");
        first.set(Extension.MIN_LSN, "1/0/3000148");

        assertTrue(first.on(Extension.COMMIT_LSN));
        assertEquals("1/0/3000148", first.show(Extension.MIN_LSN));
        assertTrue(first.changed());
        for (ClientExtensions other : new ClientExtensions[] {second, fromEmptyStartup, ClientExtensions.none()}) {
            assertFalse(other.on(Extension.COMMIT_LSN));
            assertEquals("", other.show(Extension.MIN_LSN));
            assertNull(other.minLsn());
            assertFalse(other.changed());
            assertEquals("", other.activeNames());
        }
    }

    @Test
    void resetGoesBackToTheStartupValueAndResetAllToAllOfThem() {
        ClientExtensions client = ClientExtensions.fromStartup(Map.of(), Map.of("switchboard.topology", "on"));
        assertTrue(client.asked());
        assertFalse(client.changed());

        client.set(Extension.TOPOLOGY, "off");
        client.set(Extension.COMMIT_LSN, "true");
        assertTrue(client.changed());
        assertEquals("commit_lsn", client.activeNames());

        client.reset(Extension.TOPOLOGY);
        assertTrue(client.on(Extension.TOPOLOGY));
        assertTrue(client.changed(), "commit_lsn is still off its startup value");

        client.resetAll();
        assertFalse(client.changed());
        assertTrue(client.on(Extension.TOPOLOGY));
        assertFalse(client.on(Extension.COMMIT_LSN));

        client.set(Extension.COMMIT_LSN, "on"); // and it can be changed again after RESET ALL
        assertTrue(client.changed());
        assertEquals("topology,commit_lsn", client.activeNames());
    }

    @Test
    void settingTheValueItAlreadyHasIsNoChange() {
        ClientExtensions client = ClientExtensions.none();
        client.set(Extension.TOPOLOGY, "off");
        assertFalse(client.changed());
        client.set(Extension.MIN_LSN, "1/0/10");
        client.set(Extension.MIN_LSN, "");
        assertFalse(client.changed());
        assertNull(client.minLsn());
    }
}
