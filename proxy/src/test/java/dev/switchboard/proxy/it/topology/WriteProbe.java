// WriteProbe: one pgJDBC client inserting a row per autocommit statement through the proxy, recording every outcome.
package dev.switchboard.proxy.it.topology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures write availability across a failover as a client sees it: a single statement at a time, each its
 * own transaction, back to back. Table {@code probe (id bigserial, ts timestamptz)} must exist. Each success
 * records the row's id and the port of the node that wrote it ({@code inet_server_port()}), so a test can
 * find the rows on the nodes afterwards. A connection the driver considers closed is replaced (and the
 * failure recorded): the probe keeps measuring even if the proxy misbehaves.
 */
final class WriteProbe {
    static final String TABLE = "CREATE TABLE probe (id bigserial PRIMARY KEY, ts timestamptz NOT NULL)";
    private static final String INSERT = "INSERT INTO probe (ts) VALUES (clock_timestamp()) RETURNING id, inet_server_port()";

    /** One statement's outcome; {@code atNanos} is System.nanoTime() when its answer (or error) arrived. */
    record Outcome(long atNanos, boolean ok, long id, int port, String error) {
    }

    private final TopologyFixture fixture;
    private final String database;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable crashed;

    private WriteProbe(TopologyFixture fixture, String database) {
        this.fixture = fixture;
        this.database = database;
        this.thread = new Thread(this::loop, "write-probe");
        this.thread.setDaemon(true);
    }

    /** Connects through the proxy to {@code database} and starts writing. */
    static WriteProbe start(TopologyFixture fixture, String database) {
        WriteProbe probe = new WriteProbe(fixture, database);
        probe.thread.start();
        return probe;
    }

    private void loop() {
        Connection connection = null;
        try {
            while (!stopping) {
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = fixture.connectProxy(database);
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

    /** Stops after the statement in flight and returns everything recorded, in order. */
    List<Outcome> stop() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (thread.isAlive()) {
            throw new AssertionError("the write probe did not stop within 30 s; outcomes so far: " + summary(outcomes()));
        }
        if (crashed != null) {
            throw new AssertionError("the write probe crashed", crashed);
        }
        return outcomes();
    }

    List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** The failures among {@code outcomes}. */
    static List<Outcome> failures(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> !o.ok()).toList();
    }

    /** The first success at or after {@code fromNanos} on {@code port}, or null. */
    static Outcome firstSuccessOn(List<Outcome> outcomes, int port, long fromNanos) {
        return outcomes.stream().filter(o -> o.ok() && o.port() == port && o.atNanos() >= fromNanos)
                .findFirst().orElse(null);
    }

    /** The last success before {@code beforeNanos}, or null. */
    static Outcome lastSuccessBefore(List<Outcome> outcomes, long beforeNanos) {
        Outcome last = null;
        for (Outcome o : outcomes) {
            if (o.ok() && o.atNanos() < beforeNanos) {
                last = o;
            }
        }
        return last;
    }

    /** "n ok, m failed" for messages. */
    static String summary(List<Outcome> outcomes) {
        long failed = failures(outcomes).size();
        return (outcomes.size() - failed) + " ok, " + failed + " failed";
    }

    /** Stops without judging what happened: cleanup after a failure, which must not hide that failure. */
    void abandon() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
