// host:port parsing, IPv6 brackets, Unix socket directories and the default port.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeAddressTest {

    @Test
    void parses() {
        assertEquals(new NodeAddress("127.0.0.1", 5433), NodeAddress.parse("127.0.0.1:5433"));
        assertEquals(new NodeAddress("db.example", 5432), NodeAddress.parse("db.example"));
        assertEquals(new NodeAddress("::1", 5432), NodeAddress.parse("[::1]:5432"));
        assertEquals(new NodeAddress("fe80::1%eth0", 6000), NodeAddress.parse("[fe80::1%eth0]:6000"));
        assertEquals(new NodeAddress("::1", 5432), NodeAddress.parse("[::1]"));
        assertEquals(new NodeAddress("h", 1), NodeAddress.parse(" h:1 "));
    }

    @Test
    void roundTrips() {
        for (String s : new String[] {"h:1", "[::1]:5432", "10.0.0.1:65535", "/var/run/postgresql:5433"}) {
            assertEquals(s, NodeAddress.parse(s).toString());
        }
    }

    @Test
    void aHostThatIsAPathIsAUnixSocketDirectory() {
        NodeAddress socket = NodeAddress.parse("/var/run/postgresql:5433");
        assertTrue(socket.isUnixSocket());
        assertEquals(Path.of("/var/run/postgresql/.s.PGSQL.5433"), socket.socketFile());
        assertEquals(Path.of("/tmp/.s.PGSQL.5432"), NodeAddress.parse("/tmp").socketFile(), "the default port");
        assertFalse(NodeAddress.parse("localhost:5432").isUnixSocket());
        String deep = "/" + "d".repeat(92);
        assertEquals(107, NodeAddress.parse(deep + ":5432").socketFile().toString().length(), "the longest path");
        assertMessage(deep + "d:5432", "is 108 bytes; Unix socket paths are limited to 107 bytes");
    }

    @Test
    void refusals() {
        assertMessage("", "empty address");
        assertMessage("::1", "write IPv6 addresses in brackets");
        assertMessage("[::1", "missing ']'");
        assertMessage("[::1]5432", "unexpected \"5432\" after ']'");
        assertMessage("[host]:1", "is not an IPv6 address");
        assertMessage(":5432", "missing host");
        assertMessage("h:", "port \"\" in \"h:\" is not a number");
        assertMessage("h:0", "not between 1 and 65535");
        assertMessage("h:65536", "not between 1 and 65535");
    }

    private static void assertMessage(String input, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse(input));
        assertTrue(e.getMessage().contains(fragment), input + " -> " + e.getMessage());
    }
}
