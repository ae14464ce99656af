// LargeResultIT: a gigabyte through the packaged proxy running with a 256 MB heap — results are streamed, never accumulated.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The proxy runs as its own JVM ({@link ProxyProcess}) with -Xmx256m and 256 MB of direct memory, and
 * exits on OutOfMemoryError: a proxy that buffered a result whole could not survive these tests. The
 * client is this JVM (pgJDBC), which has the heap to hold the 100 MB value.
 */
class LargeResultIT {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final int ROWS = 1_100_000;
    private static final int ROW_WIDTH = 1000;

    private static ProxyProcess proxy;

    @BeforeAll
    static void start() throws IOException {
        proxy = ProxyProcess.start("""
                listen: { address: 127.0.0.1, port: ${PORT} }
                pool: { mode: session, size: 2 }
                clusters:
                  main: { nodes: [ "%s" ] }
                databases:
                  app: { cluster: main, dbname: app }
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                """.formatted(TestCluster.primaryAddress()),
                List.of("-Xmx256m", "-XX:MaxDirectMemorySize=256m", "-Dio.netty.maxDirectMemory=0",
                        "-XX:+ExitOnOutOfMemoryError"));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            System.out.println("proxy heap after the large results:\n" + proxy.heapInfo());
            proxy.close();
        }
    }

    /** The proxy survived, said nothing alarming, and still answers. */
    @AfterEach
    void proxyIsHealthy() throws SQLException {
        assertTrue(proxy.isAlive(), () -> "the proxy process died:\n" + proxy.output());
        String output = proxy.output();
        assertFalse(output.contains("OutOfMemoryError"), output);
        assertFalse(output.contains("LEAK:"), output);
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
    }

    @Test
    void copyOutOfMoreThanAGigabyte() throws Exception {
        long started = System.nanoTime();
        CountingStream counter = throughProxy(LargeResultIT::copyOut);
        report("through the proxy (-Xmx256m): COPY TO STDOUT", counter.bytes, started);
        assertEquals((long) ROWS * (ROW_WIDTH + 1), counter.bytes, "bytes of COPY data");
        assertEquals(ROWS, counter.newlines);
        assertTrue(counter.bytes >= GIB);
        started = System.nanoTime();
        report("baseline without the proxy: COPY TO STDOUT", copyOut(connectDirectly()).bytes, started);
    }

    @Test
    void selectOfAGigabyteWithFetchSize() throws Exception {
        long started = System.nanoTime();
        long chars = throughProxy(LargeResultIT::selectWithFetchSize);
        report("through the proxy (-Xmx256m): SELECT with fetchSize 1000", chars, started);
        assertEquals((long) ROWS * ROW_WIDTH, chars);
        started = System.nanoTime();
        report("baseline without the proxy: SELECT with fetchSize 1000", selectWithFetchSize(connectDirectly()),
                started);
    }

    @Test
    void oneHundredMegabyteValue() throws Exception {
        // The client holds the value (and pgJDBC's copy of the row); shrink it on a small test heap.
        int size = Runtime.getRuntime().maxMemory() >= GIB ? 100 * 1024 * 1024 : 50 * 1024 * 1024;
        long started = System.nanoTime();
        String value = throughProxy(c -> bigValue(c, size));
        report("through the proxy (-Xmx256m): one value of " + size + " bytes", value.length(), started);
        assertEquals(size, value.length());
        assertTrue(value.chars().allMatch(ch -> ch == 'x'), "the value arrived intact");
        value = null;
        started = System.nanoTime();
        report("baseline without the proxy: one value of " + size + " bytes",
                bigValue(connectDirectly(), size).length(), started);
    }

    // ---- the workloads, run through the proxy and, for comparison, directly --------------------------

    private static CountingStream copyOut(Connection connection) throws Exception {
        CountingStream counter = new CountingStream();
        try (Connection c = connection) {
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT repeat('x', " + ROW_WIDTH + ") FROM generate_series(1, " + ROWS + ")) TO STDOUT",
                    counter);
            assertEquals(ROWS, rows);
        }
        return counter;
    }

    /** Total characters of all rows; fails unless exactly ROWS rows arrive. */
    private static long selectWithFetchSize(Connection connection) throws SQLException {
        long chars = 0;
        long rows = 0;
        try (Connection c = connection) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery(
                        "SELECT repeat('x', " + ROW_WIDTH + ") FROM generate_series(1, " + ROWS + ")")) {
                    while (rs.next()) {
                        chars += rs.getString(1).length();
                        rows++;
                    }
                }
            }
            c.commit();
        }
        assertEquals(ROWS, rows);
        return chars;
    }

    private static String bigValue(Connection connection, int size) throws SQLException {
        try (Connection c = connection; Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT repeat('x', " + size + ")")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    /** A workload on one connection. */
    private interface Workload<T> {
        T run(Connection connection) throws Exception;
    }

    /** Runs {@code workload} through the proxy; a failure carries what the proxy logged, which says why. */
    private static <T> T throughProxy(Workload<T> workload) throws Exception {
        try {
            return workload.run(connect());
        } catch (Exception | AssertionError e) {
            throw new AssertionError("through the proxy: " + e + "\nthe proxy's output:\n" + proxy.output(), e);
        }
    }

    private static Connection connectDirectly() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestCluster.primaryAddress() + "/app", "app", "app");
    }

    private static Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/app", props);
    }

    private static void report(String what, long bytes, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf("%s: %,d bytes in %.1f s (%.0f MB/s)%n",
                what, bytes, seconds, bytes / 1e6 / seconds);
    }

    /** Counts what pgJDBC hands over, keeping none of it. */
    private static final class CountingStream extends OutputStream {
        long bytes;
        long newlines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                newlines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    newlines++;
                }
            }
        }
    }
}
