// AccessRuleTest: the access section's rules — networks, users, databases and TLS, in order.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRuleTest {
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n";

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void rulesAreReadInOrder() throws Exception {
        List<AccessRule> rules = parse(BASE + """
                access:
                  - { action: reject, user: admin, address: 0.0.0.0/0 }
                  - { action: allow, address: 10.1.0.0/16, database: app, tls: true }
                  - { action: allow, address: "::1" }
                """).access();
        assertEquals(3, rules.size());
        assertTrue(rules.get(0).reject());
        assertTrue(rules.get(0).matches(ip("203.0.113.9"), "admin", "app", false));
        assertFalse(rules.get(0).matches(null, "admin", "app", false), "an address rule never matches a Unix socket");
        assertTrue(rules.get(1).matches(ip("10.1.200.3"), "u", "app", true));
        assertFalse(rules.get(1).matches(ip("10.2.0.1"), "u", "app", true), "outside the /16");
        assertFalse(rules.get(1).matches(ip("10.1.0.1"), "u", "other", true), "another database");
        assertFalse(rules.get(1).matches(ip("10.1.0.1"), "u", "app", false), "a plain connection");
        assertTrue(rules.get(2).matches(ip("::1"), "u", "app", false));
        assertFalse(rules.get(2).matches(ip("127.0.0.1"), "u", "app", false), "IPv4 is not ::1");
    }

    @Test
    void withoutAnAddressARuleMatchesEveryClient() throws Exception {
        AccessRule rule = parse(BASE + "access:\n  - { action: allow, user: app }\n").access().get(0);
        assertTrue(rule.matches(null, "app", "x", false));
        assertTrue(rule.matches(ip("192.0.2.1"), "app", "x", true));
    }

    @Test
    void localMeansUnixSocketClientsOnly() throws Exception {
        AccessRule rule = parse(BASE + "access:\n  - { action: allow, address: local }\n").access().get(0);
        assertTrue(rule.local());
        assertTrue(rule.matches(null, "app", "x", false));
        assertFalse(rule.matches(ip("127.0.0.1"), "app", "x", false), "a TCP client, even from loopback");
    }

    @Test
    void aBadAddressOrAMissingActionIsAnError() {
        single(errors(BASE + "access:\n  - { action: allow, address: db.example.com }\n"), 6, "access[0].address",
                "not an address, a network");
        single(errors(BASE + "access:\n  - { action: allow, address: 10.0.0.0/33 }\n"), 6, "access[0].address",
                "not an address");
        single(errors(BASE + "access:\n  - { user: x }\n"), 6, "access[0].action", "required");
        single(errors(BASE + "access:\n  - { action: deny }\n"), 6, "access[0].action", "expected one of allow, reject");
    }
}
