// NodeEndpointTest: node ids "host:port" and the addresses they name.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeEndpointTest {

    @Test
    void ofNamesTheNodeHostColonPort() {
        assertEquals(new NodeEndpoint("127.0.0.1:5432", "127.0.0.1", 5432), NodeEndpoint.of("127.0.0.1", 5432));
        assertEquals("[::1]:6432", NodeEndpoint.of("::1", 6432).node());
    }

    @Test
    void parseReadsIdsBack() {
        assertEquals(new NodeEndpoint("db-1.example:5433", "db-1.example", 5433), NodeEndpoint.parse("db-1.example:5433"));
        assertEquals(new NodeEndpoint("[::1]:6432", "::1", 6432), NodeEndpoint.parse("[::1]:6432"));
    }

    @Test
    void parseRejectsWhatIsNotHostColonPort() {
        assertThrows(IllegalArgumentException.class, () -> NodeEndpoint.parse("db"));
        assertThrows(IllegalArgumentException.class, () -> NodeEndpoint.parse("db:"));
        assertThrows(IllegalArgumentException.class, () -> NodeEndpoint.parse(":5432"));
        assertThrows(IllegalArgumentException.class, () -> NodeEndpoint.parse("db:port"));
        assertThrows(IllegalArgumentException.class, () -> NodeEndpoint.parse("db:70000"));
        assertThrows(IllegalArgumentException.class, () -> NodeEndpoint.parse("::1:5432"));
    }
}
