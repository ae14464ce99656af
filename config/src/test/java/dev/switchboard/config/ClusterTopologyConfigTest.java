// Cluster keys for topology routing: monitor login, failover hold timeout, Patroni authority.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.has;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTopologyConfigTest {

    /** A cluster "main" whose keys after {@code nodes} are the lines given; those start at line 4. */
    private static String cluster(String lines) {
        return "clusters:\n  main:\n    nodes: [ h ]\n" + lines + "databases:\n  app: {}\n";
    }

    @Test
    void defaults() throws ConfigException {
        ClusterConfig main = parse(cluster("")).cluster("main").orElseThrow();
        assertEquals(new MonitorConfig(Duration.ofMillis(250), "postgres", null, "postgres", Duration.ofSeconds(2)),
                main.monitor());
        assertEquals(MonitorConfig.defaults(), main.monitor());
        assertEquals(new FailoverConfig(Duration.ofSeconds(10)), main.failover());
        assertEquals(FailoverConfig.defaults(), main.failover());
        assertNull(main.authority());
        assertNull(parse(cluster("    authority: ~\n")).cluster("main").orElseThrow().authority());
    }

    @Test
    void oldArityConstructorsUseTheDefaults() {
        List<NodeAddress> nodes = List.of(new NodeAddress("h", 5432));
        assertEquals(new ClusterConfig("main", nodes, MonitorConfig.defaults(), FailoverConfig.defaults(), null),
                new ClusterConfig("main", nodes, MonitorConfig.defaults()));
        assertEquals(MonitorConfig.defaults(), new MonitorConfig(Duration.ofMillis(250)));
        assertEquals(Duration.ofMillis(500),
                new AuthorityConfig(List.of(URI.create("http://h:8008"))).pollInterval());
        assertThrows(IllegalArgumentException.class, () -> new AuthorityConfig(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FailoverConfig(Duration.ofSeconds(-1)));
    }

    @Test
    void valuesAreRead() throws ConfigException {
        SwitchboardConfig c = parse("""
                clusters:
                  main:
                    nodes: [ "10.0.0.1", "10.0.0.2" ]
                    monitor: { interval: 1s, user: sb_monitor, password: "${MON_PW}", dbname: health, connect_timeout: 500ms }
                    failover: { hold_timeout: 0 }
                    authority:
                      patroni: [ "http://10.0.0.1:8008/", "https://patroni.example/base" ]
                      poll_interval: 2s
                  other:
                    nodes: [ h ]
                    authority: { patroni: "http://127.0.0.1:8008" }
                databases:
                  app: { cluster: main }
                """, Map.of("MON_PW", "hunter2"));
        ClusterConfig main = c.cluster("main").orElseThrow();
        assertEquals(new MonitorConfig(Duration.ofSeconds(1), "sb_monitor", "hunter2", "health",
                Duration.ofMillis(500)), main.monitor());
        assertEquals(Duration.ZERO, main.failover().holdTimeout(), "zero = fail at once");
        assertEquals(new AuthorityConfig(List.of(URI.create("http://10.0.0.1:8008"),
                URI.create("https://patroni.example/base")), Duration.ofSeconds(2)), main.authority());
        // A single URL needs no list; the poll interval keeps its default.
        assertEquals(new AuthorityConfig(List.of(URI.create("http://127.0.0.1:8008")), Duration.ofMillis(500)),
                c.cluster("other").orElseThrow().authority());
    }

    @Test
    void monitorErrorsNameLineAndField() {
        single(errors(cluster("    monitor: { connect_timeout: 0 }\n")), 4, "clusters.main.monitor.connect_timeout",
                "must be greater than 0");
        single(errors(cluster("    monitor: { connect_timeout: 2 }\n")), 4, "clusters.main.monitor.connect_timeout",
                "has no unit");
        single(errors(cluster("    monitor: { user: \"\" }\n")), 4, "clusters.main.monitor.user", "must not be empty");
        single(errors(cluster("    monitor: { dbname: '' }\n")), 4, "clusters.main.monitor.dbname",
                "must not be empty");
        single(errors(cluster("    monitor: { password: '' }\n")), 4, "clusters.main.monitor.password",
                "must not be empty; leave the key out for no password");
        single(errors(cluster("    monitor: { pasword: x }\n")), 4, "clusters.main.monitor.pasword",
                "unknown key; did you mean \"password\"?");
        single(errors(cluster("    monitor:\n      connect-timeout: 1s\n")), 5, "clusters.main.monitor.connect-timeout",
                "did you mean \"connect_timeout\"?");
    }

    @Test
    void monitorPasswordIsNeverPrinted() throws ConfigException {
        ConfigError e = single(errors(cluster("    monitor: { password: \"SCRAM-SHA-256$hunter2\" }\n")), 4,
                "clusters.main.monitor.password", "a SCRAM secret cannot be used to log in to PostgreSQL");
        assertFalse(e.toString().contains("hunter"), e.toString());
        e = single(errors(cluster("    monitor: { password: md5a3556571e93b0d20722ba62be61e8c2d }\n")), 4,
                "clusters.main.monitor.password", "an md5 hash cannot be used to log in to PostgreSQL; the monitor "
                        + "needs the plaintext password");
        assertFalse(e.toString().contains("a3556571"), e.toString());

        // Other errors in the same section do not quote it either.
        List<ConfigError> errors = errors(cluster("    monitor: { password: hunter3, user: '', interval: x }\n"));
        assertEquals(2, errors.size(), ConfigAssertions.join(errors));
        errors.forEach(err -> assertFalse(err.toString().contains("hunter"), err.toString()));

        SwitchboardConfig c = parse(cluster("    monitor: { password: hunter4 }\n"));
        MonitorConfig monitor = c.cluster("main").orElseThrow().monitor();
        assertEquals("hunter4", monitor.password());
        assertEquals("MonitorConfig[interval=250ms, user=postgres, password=set, dbname=postgres, connectTimeout=2s]",
                monitor.toString());
        assertFalse(c.toString().contains("hunter"), "the whole configuration prints without it");
        assertTrue(MonitorConfig.defaults().toString().contains("password=none"));
    }

    @Test
    void failoverErrorsNameLineAndField() {
        single(errors(cluster("    failover: { hold_timeout: -1s }\n")), 4, "clusters.main.failover.hold_timeout",
                "negative");
        single(errors(cluster("    failover: { hold_timeout: 10 }\n")), 4, "clusters.main.failover.hold_timeout",
                "has no unit");
        single(errors(cluster("    failover: { hold_timout: 1s }\n")), 4, "clusters.main.failover.hold_timout",
                "unknown key; did you mean \"hold_timeout\"?");
        single(errors(cluster("    failvoer: {}\n")), 4, "clusters.main.failvoer", "did you mean \"failover\"?");
        single(errors(cluster("    failover: 10s\n")), 4, "clusters.main.failover",
                "expected a mapping (key: value), got a single value");
    }

    @Test
    void authorityNeedsPatroniUrls() {
        single(errors(cluster("    authority: {}\n")), 4, "clusters.main.authority.patroni", "required");
        single(errors(cluster("    authority: { poll_interval: 1s }\n")), 4, "clusters.main.authority.patroni",
                "required");
        single(errors(cluster("    authority: { patroni: [] }\n")), 4, "clusters.main.authority.patroni",
                "at least one Patroni URL is required");
        single(errors(cluster("    authority: { patroni: { a: 1 } }\n")), 4, "clusters.main.authority.patroni",
                "expected a list, got a mapping");
        single(errors(cluster("    authority: http://h:8008\n")), 4, "clusters.main.authority",
                "expected a mapping");
        single(errors(cluster("    autority: { patroni: http://h:8008 }\n")), 4, "clusters.main.autority",
                "did you mean \"authority\"?");
        single(errors(cluster("    authority: { patroni: http://h:8008, pol_interval: 1s }\n")), 4,
                "clusters.main.authority.pol_interval", "did you mean \"poll_interval\"?");
        single(errors(cluster("    authority: { patroni: http://h:8008, poll_interval: 0 }\n")), 4,
                "clusters.main.authority.poll_interval", "must be greater than 0");
    }

    @Test
    void badPatroniUrlsNameLineAndIndex() {
        single(errors(cluster("    authority: { patroni: \"127.0.0.1:8008\" }\n")), 4,
                "clusters.main.authority.patroni",
                "\"127.0.0.1:8008\" is not an absolute URL; write the scheme, e.g. http://127.0.0.1:8008");
        List<ConfigError> errors = errors(cluster("""
                    authority:
                      patroni:
                        - http://a:8008
                        - ftp://b
                        - "http://"
                        - http://c:8008/?x=1
                        - http://A:8008/
                        - ~
                        - http://bad_host:8008
                """));
        has(errors, 7, "clusters.main.authority.patroni[1]", "unsupported scheme \"ftp\" in \"ftp://b\"; expected "
                + "http or https");
        has(errors, 8, "clusters.main.authority.patroni[2]", "\"http://\" is not a valid URL");
        has(errors, 9, "clusters.main.authority.patroni[3]", "must not have a query or fragment");
        has(errors, 10, "clusters.main.authority.patroni[4]", "duplicate URL http://A:8008 (first listed at line 6)");
        has(errors, 11, "clusters.main.authority.patroni[5]", "empty URL");
        has(errors, 12, "clusters.main.authority.patroni[6]", "has no valid host name");
        assertEquals(6, errors.size(), ConfigAssertions.join(errors));
    }
}
