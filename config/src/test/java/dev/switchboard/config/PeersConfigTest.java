// PeersConfigTest: the peers section — this instance's id, the shared secret, the other instances.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeersConfigTest {
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n";
    private static final String SECRET = "0123456789abcdef";

    @Test
    void absentMeansNoPeering() throws ConfigException {
        assertNull(parse(BASE).peers());
    }

    @Test
    void selfSecretAndInstances() throws ConfigException {
        PeersConfig peers = parse("peers: { self: 2, secret: " + SECRET + ", instances: { 1: \"10.0.0.1:6432\", "
                + "3: \"[::1]\" } }\n" + BASE).peers();
        assertEquals(2, peers.self());
        assertEquals(Map.of(1, NodeAddress.parse("10.0.0.1:6432"), 3, NodeAddress.parse("[::1]")), peers.instances());
        assertFalse(peers.toString().contains(SECRET), "the secret is never shown");
    }

    @Test
    void mistakesAreReportedWithTheirField() {
        List<ConfigError> errors = errors("peers: { self: 200, secret: short, instances: { x: a, 2: \"h:99999\" } }\n"
                + BASE);
        String all = errors.toString();
        assertTrue(all.contains("peers.self"), all);
        assertTrue(all.contains("peers.secret"), all);
        assertTrue(all.contains("peers.instances.x"), all);
        assertTrue(all.contains("peers.instances.2"), all);
        assertTrue(errors("peers: { self: 1, secret: " + SECRET + ", instances: { 1: h } }\n" + BASE).toString()
                .contains("this is peers.self"));
        assertTrue(errors("peers: { secret: " + SECRET + " }\n" + BASE).toString().contains("peers.self"));
    }
}
