// PgbenchIT: the real pgbench (many concurrent libpq sessions, simple/extended/prepared protocol) through the proxy.
package dev.switchboard.proxy.it;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Initialises the pgbench tables through the proxy, then runs read-only and TPC-B-like loads with 8
 * clients on a pool of 20 (session mode: one server per client). Throughput is printed for the team,
 * never asserted; what is asserted is that no transaction failed and no server connection leaked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgbenchIT {
    private static final int POOL_SIZE = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    private static PgbenchRunner runner;

    @BeforeAll
    static void start() {
        runner = new PgbenchRunner("PgbenchIT", "session", POOL_SIZE, Duration.ofSeconds(10));
        runner.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (runner != null) {
                runner.close();
            }
        } finally {
            LeakRecorder.assertNoLeaks();
        }
    }

    @Test
    @Order(1)
    void selectOnlySimpleProtocol() {
        runner.bench("select-only, simple", TIMEOUT, "-S", "-T", "10", "-c", "8", "-j", "2");
    }

    @Test
    @Order(2)
    void tpcbLikeSimpleProtocol() {
        runner.bench("tpc-b like, simple", TIMEOUT, "-T", "10", "-c", "8", "-j", "2");
    }

    @Test
    @Order(3)
    void selectOnlyExtendedProtocol() {
        runner.bench("select-only, extended", TIMEOUT, "-S", "-M", "extended", "-T", "5", "-c", "8", "-j", "2");
    }

    @Test
    @Order(4)
    void selectOnlyPreparedStatements() {
        runner.bench("select-only, prepared", TIMEOUT, "-S", "-M", "prepared", "-T", "5", "-c", "8", "-j", "2");
    }
}
