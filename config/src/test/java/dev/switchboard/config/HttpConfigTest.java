// The top-level http section: the admin/metrics listener, absent unless configured.
package dev.switchboard.config;

import static dev.switchboard.config.ConfigAssertions.errors;
import static dev.switchboard.config.ConfigAssertions.parse;
import static dev.switchboard.config.ConfigAssertions.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpConfigTest {

    /** A valid tail; the section under test goes first. */
    private static final String BASE = "clusters:\n  main: { nodes: [ h ] }\ndatabases:\n  app: {}\n";

    @Test
    void absentMeansNoListener() throws ConfigException {
        assertNull(parse(BASE).http());
        assertNull(parse("http:\n" + BASE).http(), "a key without a value is the same as leaving it out");
    }

    @Test
    void defaults() throws ConfigException {
        assertEquals(new HttpConfig("127.0.0.1", 9930), parse("http: {}\n" + BASE).http());
        assertEquals(HttpConfig.defaults(), parse("http: { port: 9930 }\n" + BASE).http());
    }

    @Test
    void valuesAreRead() throws ConfigException {
        SwitchboardConfig c = parse("http: { address: 0.0.0.0, port: 0 }\n" + BASE);
        assertEquals(new HttpConfig("0.0.0.0", 0), c.http());
        // Another address may use the client port.
        assertEquals(new HttpConfig("10.0.0.1", 6432), parse("http: { address: 10.0.0.1, port: 6432 }\n" + BASE).http());
    }

    @Test
    void oldConstructorHasNoListener() throws ConfigException {
        SwitchboardConfig c = parse(BASE);
        SwitchboardConfig old = new SwitchboardConfig(c.listen(), c.limits(), c.pool(), c.clusters(), c.databases(),
                c.users(), c.auth());
        assertNull(old.http());
        assertEquals(c, old);
        assertEquals("main", old.cluster("main").orElseThrow().name());
    }

    @Test
    void errorsNameLineAndField() {
        single(errors("http: { port: 70000 }\n" + BASE), 1, "http.port", "must be between 0 and 65535, got 70000");
        single(errors("http: { port: -1 }\n" + BASE), 1, "http.port", "must be between 0 and 65535, got -1");
        single(errors("http:\n  port: web\n" + BASE), 2, "http.port", "\"web\" is not an integer");
        single(errors("http: { address: \"\" }\n" + BASE), 1, "http.address", "must not be empty");
        single(errors("http: { prot: 1 }\n" + BASE), 1, "http.prot", "unknown key; did you mean \"port\"?");
        single(errors("htp: {}\n" + BASE), 1, "htp", "unknown key; did you mean \"http\"?");
        single(errors("http: 9930\n" + BASE), 1, "http", "expected a mapping (key: value), got a single value");
    }

    @Test
    void portMustDifferFromTheClientPort() {
        single(errors("listen: { port: 7000 }\nhttp: { port: 7000 }\n" + BASE), 2, "http.port",
                "port 7000 is already used by listen.port");
        single(errors("http: { address: 0.0.0.0, port: 6432 }\n" + BASE), 1, "http.port",
                "port 6432 is already used by listen.port");
        single(errors("http: { port: \"${HTTP_PORT}\" }\n" + BASE, Map.of("HTTP_PORT", "6432")), 1, "http.port",
                "already used by listen.port");
    }
}
