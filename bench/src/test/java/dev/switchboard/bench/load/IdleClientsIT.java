// IdleClientsIT: the idle-client load generator against a real in-process proxy in front of real PostgreSQL.
package dev.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.embedded.PgCluster;
import dev.switchboard.proxy.SwitchboardServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdleClientsIT {

    private static PgCluster cluster;
    private static SwitchboardServer proxy;

    @BeforeAll
    static void start() throws Exception {
        cluster = PgCluster.builder().start();
        cluster.primary().execute("CREATE ROLE app LOGIN PASSWORD 'app'");
        cluster.primary().execute("CREATE DATABASE app OWNER app");
        String yaml = """
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: transaction, size: 5, wait_timeout: 10s }
                clusters:
                  main: { nodes: [ "%s:%d" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                  - { name: app_md5, password: app_md5, auth: md5, backend_user: app }
                """.formatted(cluster.primary().host(), cluster.primary().port());
        proxy = SwitchboardServer.start(ConfigLoader.parse(yaml, "test", Map.of()));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void noLeaks() {
        List<String> leaks = LeakLog.leaksAfterGc();
        assertTrue(leaks.isEmpty(), "netty reported leaks: " + leaks);
    }

    @Test
    void fiveHundredScramClientsOpenStayIdleAndAllGoAwayOnClose() {
        try (IdleClients clients = IdleClients.open("127.0.0.1", proxy.port(), "app", "app", "app", 500)) {
            assertEquals(500, clients.openCount());
            awaitValue(500, () -> proxy.context().clients().get(), "proxy client count after open");
        }
        awaitValue(0, () -> proxy.context().clients().get(), "proxy client count after close");
    }

    @Test
    void md5ClientsAuthenticateToo() {
        try (IdleClients clients = IdleClients.open("127.0.0.1", proxy.port(), "app_md5", "app_md5", "app", 20)) {
            assertEquals(20, clients.openCount());
        }
        awaitValue(0, () -> proxy.context().clients().get(), "proxy client count after close");
    }

    @Test
    void aWrongPasswordFailsWithTheCountAndTheServersReason() {
        var e = assertThrows(IllegalStateException.class, () -> IdleClients.open("127.0.0.1", proxy.port(),
                "app", "wrong", "app", 10, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("opened 0 of 10 idle clients"), e.getMessage());
        assertTrue(e.getMessage().contains("28P01"), e.getMessage());
        awaitValue(0, () -> proxy.context().clients().get(), "proxy client count after the failures");
    }

    @Test
    void nobodyListeningFailsWithConnectionRefused() {
        var e = assertThrows(IllegalStateException.class,
                () -> IdleClients.open("127.0.0.1", 1, "app", "app", "app", 5, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("refused"), e.getMessage());
    }

    private static void awaitValue(int expected, IntSupplier actual, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int last = actual.getAsInt();
        while (last != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
            last = actual.getAsInt();
        }
        assertEquals(expected, last, what);
    }
}
