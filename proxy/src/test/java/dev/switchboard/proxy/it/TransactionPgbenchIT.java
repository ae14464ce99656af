// TransactionPgbenchIT: the pgbench loads through transaction pooling — many clients on 20 servers, 0 failures.
package dev.switchboard.proxy.it;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * 1000 simple-protocol clients, 200 extended, 500 with prepared statements (renamed per server) and 100
 * running TPC-B-like read-write transactions, all on 20 server connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransactionPgbenchIT {
    private static final int POOL_SIZE = 20;

    private static PgbenchRunner runner;

    @BeforeAll
    static void start() {
        runner = new PgbenchRunner("TransactionPgbenchIT", "transaction", POOL_SIZE, Duration.ofSeconds(60));
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
    void selectOnlyWithAThousandClients() {
        runner.bench("select-only, simple, 1000 clients", Duration.ofSeconds(120),
                "-S", "-c", "1000", "-j", "2", "-T", "30");
    }

    @Test
    @Order(2)
    void extendedProtocolWithTwoHundredClients() {
        runner.bench("select-only, extended, 200 clients", Duration.ofSeconds(90),
                "-S", "-M", "extended", "-c", "200", "-j", "2", "-T", "15");
    }

    @Test
    @Order(3)
    void preparedStatementsWithFiveHundredClients() {
        runner.bench("select-only, prepared, 500 clients", Duration.ofSeconds(90),
                "-S", "-M", "prepared", "-c", "500", "-j", "2", "-T", "15");
    }

    @Test
    @Order(4)
    void tpcbLikeWithAHundredClients() {
        runner.bench("tpc-b like, 100 clients", Duration.ofSeconds(90), "-c", "100", "-j", "2", "-T", "15");
    }
}
