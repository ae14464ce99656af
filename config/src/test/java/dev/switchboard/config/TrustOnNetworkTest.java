// auth: trust is refused on a listener other hosts can reach, unless the configuration says so explicitly.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrustOnNetworkTest {
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n"
            + "users:\n  - { name: u, auth: trust }\n";

    @Test
    void trustOnALoopbackListenerIsAccepted() throws ConfigException {
        assertEquals(ClientAuthMethod.TRUST, parse(BASE).user("u").orElseThrow().auth());
        assertEquals(ClientAuthMethod.TRUST, parse("listen: { address: localhost }\n" + BASE).user("u").orElseThrow().auth());
    }

    @Test
    void trustOnANetworkListenerIsRefused() {
        single(errors("listen: { address: 0.0.0.0 }\n" + BASE), 7, "users[0].auth", "auth.trust_on_network");
    }

    @Test
    void trustOnANetworkListenerIsAcceptedWhenForced() throws ConfigException {
        SwitchboardConfig c = parse("listen: { address: 0.0.0.0 }\nauth: { trust_on_network: true }\n" + BASE);
        assertEquals(ClientAuthMethod.TRUST, c.user("u").orElseThrow().auth());
    }
}
