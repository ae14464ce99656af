// ProxyWriter: one pgJDBC client inserting a row per autocommit statement through the proxy, recording every outcome.
package dev.switchboard.proxy.it.patroni;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Writes back to back on its own thread into table {@code probe} (see {@link #TABLE}); each success
 * records the row's id and {@code inet_server_port()}, the port of the PostgreSQL that wrote it. A
 * connection the driver considers closed is replaced, so the writer keeps measuring across a switchover.
 */
final class ProxyWriter implements AutoCloseable {
    static final String TABLE = "CREATE TABLE probe (id bigserial PRIMARY KEY, ts timestamptz NOT NULL)";
    private static final String INSERT =
            "INSERT INTO probe (ts) VALUES (clock_timestamp()) RETURNING id, inet_server_port()";

    /** One statement's outcome; {@code atNanos} is System.nanoTime() when its answer (or error) arrived. */
    record Outcome(long atNanos, boolean ok, long id, int port, String error) {
    }

    private final String jdbcUrl;
    private final Properties login = new Properties();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable crashed;

    private ProxyWriter(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        login.setProperty("user", user);
        login.setProperty("password", password);
        login.setProperty("connectTimeout", "10");
        // Far above the proxy's hold timeout: a statement the proxy holds must not time out in the driver.
        login.setProperty("socketTimeout", "120");
        thread = new Thread(this::loop, "proxy-writer");
        thread.setDaemon(true);
    }

    static ProxyWriter start(String jdbcUrl, String user, String password) {
        ProxyWriter writer = new ProxyWriter(jdbcUrl, user, password);
        writer.thread.start();
        return writer;
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
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // The writer is done; a connection that cannot close says nothing more.
                }
            }
        }
    }

    private void record(Outcome outcome) {
        synchronized (outcomes) {
            outcomes.add(outcome);
        }
    }

    /** Everything recorded so far, in order. */
    List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** Stops after the statement in flight and returns everything recorded. */
    List<Outcome> stop() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(150));
        if (thread.isAlive()) {
            throw new AssertionError("the writer did not stop; " + summary(outcomes()));
        }
        if (crashed != null) {
            throw new AssertionError("the writer crashed", crashed);
        }
        return outcomes();
    }

    /** "n ok, m failed" for messages. */
    static String summary(List<Outcome> outcomes) {
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        return (outcomes.size() - failed) + " ok, " + failed + " failed";
    }

    /** Stops the thread (after a failed test); {@link #stop()} is what reports a crash. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(150));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
