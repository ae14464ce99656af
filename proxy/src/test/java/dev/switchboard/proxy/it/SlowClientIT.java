// SlowClientIT: a client that reads its replies slowly never leaves a server unread for the next transaction.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psql copies large results to its standard output, which the test drains slowly: psql stops reading
 * its socket, the proxy's writes to it queue up, and the proxy stops reading the server until the client
 * catches up (backpressure). The transaction ends while reading is paused, so the server goes back to the
 * pool paused — it must be readable again for whoever leases it next. One server per pool makes the next
 * lease that very server.
 */
class SlowClientIT {
    /** A liveness bound: the whole script takes a few seconds; a stalled server never finishes it. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final int COPIES = 15;
    private static final int ROWS_PER_COPY = 20_000; // about 2 MB each

    private static ExternalProgram psql;
    private static ProxyHarness proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        psql = ExternalProgram.require("psql");
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: { mode: transaction, size: 1, wait_timeout: 30s }
                limits: { stall_timeout: 1s }
                clusters:
                  main: { nodes: [ "${PRIMARY}" ] }
                databases:
                  transaction: { cluster: main, dbname: app }
                  session: { cluster: main, dbname: app, pool: { mode: session, size: 1 } }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void transactionModeClientReadingSlowlyGetsEveryReplyAndLeavesItsServerUsable() throws Exception {
        runSlowly("transaction");
        assertNextClientIsServed("transaction");
    }

    @Test
    void sessionModeClientReadingSlowlyGetsEveryReplyAndLeavesItsServerUsable() throws Exception {
        runSlowly("session");
        assertNextClientIsServed("session");
    }

    /** A client that stops reading altogether is visible: its held-back server is logged and counted. */
    @Test
    void aClientThatStopsReadingIsReportedAsAStall() throws Exception {
        double before = stalls("server");
        Process process = startPsql("transaction",
                "COPY (SELECT g, repeat('x', 90) FROM generate_series(1, 200000) g) TO STDOUT;");
        long deadline = System.nanoTime() + BOUND.toNanos();
        // psql's output is not read: psql, then the proxy, stop reading.
        Await.until("a stall reported for a client that stopped reading", BOUND, () -> stalls("server") > before);
        long lines = drainSlowly(process.getInputStream(), deadline, process);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(200_000, lines, "the client, once it reads again, gets everything");
    }

    private static double stalls(String side) {
        return proxy.server().context().meters().get("switchboard.stalls").tag("side", side).counter().count();
    }

    private void runSlowly(String database) throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < COPIES; i++) {
            script.append("COPY (SELECT g, repeat('x', 90) FROM generate_series(1, ").append(ROWS_PER_COPY)
                    .append(") g) TO STDOUT;\n");
        }
        Process process = startPsql(database, script.toString());
        long deadline = System.nanoTime() + BOUND.toNanos();
        long lines = drainSlowly(process.getInputStream(), deadline, process);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "psql did not exit after its output ended");
        assertEquals(0, process.exitValue(), "psql failed: " + Files.readString(dir.resolve("stderr.txt")));
        assertEquals((long) COPIES * ROWS_PER_COPY, lines, "every row of every COPY reached psql");
    }

    private Process startPsql(String database, String script) throws IOException {
        Path file = dir.resolve("script.sql");
        Files.writeString(file, script);
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(psql.path().toString(), "-h", "127.0.0.1",
                "-p", String.valueOf(proxy.port()), "-U", "app", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.toString(),
                database);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().put("PGPASSWORD", "app");
        builder.redirectError(stderr.toFile());
        return builder.start();
    }

    /** Reads in small pieces with pauses, like a consumer slower than the network; counts lines. */
    private static long drainSlowly(InputStream in, long deadline, Process process) throws IOException, InterruptedException {
        byte[] piece = new byte[16 * 1024];
        long lines = 0;
        for (;;) {
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("psql's replies stopped coming: " + lines + " rows after " + BOUND + "; pools: "
                        + proxy.server().context().allPools());
            }
            int available = in.available();
            if (available == 0 && !process.isAlive()) {
                int n = in.read(piece);
                if (n < 0) {
                    return lines;
                }
                lines += countLines(piece, n);
                continue;
            }
            if (available == 0) {
                Thread.sleep(2); // an empty pipe: psql is waiting for the proxy
                continue;
            }
            int n = in.read(piece, 0, Math.min(piece.length, available));
            lines += countLines(piece, n);
            Thread.sleep(1); // the consumer's pace
        }
    }

    private static long countLines(byte[] bytes, int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    private static void assertNextClientIsServed(String database) throws Exception {
        var props = new java.util.Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("socketTimeout", String.valueOf(BOUND.toSeconds()));
        try (Connection c = java.sql.DriverManager.getConnection(proxy.jdbcUrl(database), props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM generate_series(1, 1000)")) {
            rs.next();
            assertEquals(1000, rs.getInt(1));
        }
        proxy.awaitLeasesReturned(BOUND);
    }
}
