// WriteProbe: one pgJDBC client inserting a row per autocommit statement through the proxy, recording every outcome.
package dev.switchboard.proxy.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Measures write availability across a failover or switchover as a client sees it: a single statement at a
 * time, each its own transaction, back to back on its own thread. Table {@code probe} must exist (see
 * {@link #TABLE}). Each success records the row's id and the port of the PostgreSQL that wrote it
 * ({@code inet_server_port()}), so a test can tell which node took each write and look for the rows there
 * afterwards. A connection the driver considers closed is replaced (and the failure recorded): the probe
 * keeps measuring even if the proxy misbehaves.
 */
public final class WriteProbe implements AutoCloseable {
    /** The table the probe writes to; a test creates it on the primary before {@link #start}. */
    public static final String TABLE = "CREATE TABLE probe (id bigserial PRIMARY KEY, ts timestamptz NOT NULL)";
    private static final String INSERT =
            "INSERT INTO probe (ts) VALUES (clock_timestamp()) RETURNING id, inet_server_port()";
    /** pgJDBC's connect timeout, set explicitly because it bounds how long stopping can take. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Beyond the socket timeout, what {@link #stop()} allows for a connection attempt and the thread to end. */
    private static final Duration STOP_MARGIN = CONNECT_TIMEOUT.plusSeconds(20);

    /** One statement's outcome; {@code atNanos} is System.nanoTime() when its answer (or error) arrived. */
    public record Outcome(long atNanos, boolean ok, long id, int port, String error) {
    }

    private final String jdbcUrl;
    private final Properties login = new Properties();
    private final Duration stopWait;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable crashed;

    private WriteProbe(String jdbcUrl, String user, String password, Duration socketTimeout) {
        this.jdbcUrl = jdbcUrl;
        login.setProperty("user", user);
        login.setProperty("password", password);
        login.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        login.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
        // The statement in flight when stop() is called may rightly take the whole socket timeout.
        this.stopWait = socketTimeout.plus(STOP_MARGIN);
        this.thread = new Thread(this::loop, "write-probe");
        this.thread.setDaemon(true);
    }

    /**
     * Connects to {@code jdbcUrl} (the proxy) as {@code user} and starts writing. {@code socketTimeout} must be
     * far above the proxy's failover hold timeout, so that a statement the proxy rightly holds does not time out
     * in the driver, yet finite, so that a proxy that never answers fails the test instead of hanging the suite.
     */
    public static WriteProbe start(String jdbcUrl, String user, String password, Duration socketTimeout) {
        WriteProbe probe = new WriteProbe(jdbcUrl, user, password, socketTimeout);
        probe.thread.start();
        return probe;
    }

    private void loop() {
        Connection connection = null;
        try {
            while (!stopping) {
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = DriverManager.getConnection(jdbcUrl, login);
                    }
                    try (PreparedStatement insert = connection.prepareStatement(INSERT);
                         ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        record(new Outcome(System.nanoTime(), true, rs.getLong(1), rs.getInt(2), null));
                    }
                } catch (SQLException e) {
                    record(new Outcome(System.nanoTime(), false, 0, 0, e.getSQLState() + " " + e.getMessage()));
                }
            }
        } catch (RuntimeException | Error e) {
            crashed = e;
        } finally {
            closeQuietly(connection);
        }
    }

    private void record(Outcome outcome) {
        synchronized (outcomes) {
            outcomes.add(outcome);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the probe is done; a connection that cannot even close says nothing more
        }
    }

    /** Everything recorded so far, in order. */
    public List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** Stops after the statement in flight and returns everything recorded, in order; fails if the probe crashed. */
    public List<Outcome> stop() throws InterruptedException {
        stopping = true;
        thread.join(stopWait.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the write probe did not stop within " + stopWait + "; outcomes so far: "
                    + summary(outcomes()));
        }
        if (crashed != null) {
            throw new AssertionError("the write probe crashed", crashed);
        }
        return outcomes();
    }

    /**
     * Stops without judging what happened: cleanup after a failed test, which must not hide that failure.
     * {@link #stop()} is what reports a crash.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(stopWait.toMillis());
        } catch (InterruptedException e) {
            // keep the interrupt for the caller; the daemon thread cannot outlive the JVM anyway
            Thread.currentThread().interrupt();
        }
    }

    /** The failures among {@code outcomes}. */
    public static List<Outcome> failures(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> !o.ok()).toList();
    }

    /** The first success at or after {@code fromNanos} on {@code port}, or null. */
    public static Outcome firstSuccessOn(List<Outcome> outcomes, int port, long fromNanos) {
        return outcomes.stream().filter(o -> o.ok() && o.port() == port && o.atNanos() >= fromNanos)
                .findFirst().orElse(null);
    }

    /** The last success before {@code beforeNanos}, or null. */
    public static Outcome lastSuccessBefore(List<Outcome> outcomes, long beforeNanos) {
        Outcome last = null;
        for (Outcome o : outcomes) {
            if (o.ok() && o.atNanos() < beforeNanos) {
                last = o;
            }
        }
        return last;
    }

    /** The number of successes on {@code port} at or after {@code fromNanos}. */
    public static long successesOn(List<Outcome> outcomes, int port, long fromNanos) {
        return outcomes.stream().filter(o -> o.ok() && o.port() == port && o.atNanos() >= fromNanos).count();
    }

    /** "n ok, m failed" for messages. */
    public static String summary(List<Outcome> outcomes) {
        long failed = failures(outcomes).size();
        return (outcomes.size() - failed) + " ok, " + failed + " failed";
    }
}
