// ListeningSessions: pgJDBC session-mode clients that keep working and listening, for tests that move the proxy under them.
package dev.switchboard.proxy.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Each client sets a setting of its own, LISTENs on a channel of its own, and then loops over a named prepared
 * statement, checking that its backend, its setting and its statement's answers never change. A notifier writes
 * numbered notifications to every channel straight to PostgreSQL; at the end each client must have heard every
 * number exactly once. Any error is kept and reported by {@link #stop}.
 */
final class ListeningSessions implements AutoCloseable {
    private final List<Connection> connections = new ArrayList<>();
    private final List<String> pids = new ArrayList<>();
    private final List<TreeSet<Integer>> heard = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final String channelPrefix;
    private volatile boolean stopping;
    private int notificationsSent;

    private ListeningSessions(String channelPrefix) {
        this.channelPrefix = channelPrefix;
    }

    /** Opens {@code count} sessions to {@code database} through the proxy on {@code port} and starts them. */
    static ListeningSessions start(int port, String database, int count) throws SQLException {
        ListeningSessions sessions = new ListeningSessions("moved_" + Long.toHexString(System.nanoTime()) + "_");
        for (int i = 0; i < count; i++) {
            sessions.open(port, database, i);
        }
        for (int i = 0; i < count; i++) {
            int n = i;
            Thread thread = new Thread(() -> sessions.run(n), "listening-session-" + i);
            sessions.threads.add(thread);
            thread.start();
        }
        return sessions;
    }

    private void open(int port, String database, int i) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("prepareThreshold", "1"); // a named server-side statement from the first use on
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
        try (Statement s = c.createStatement()) {
            s.execute("SET work_mem = '" + (i + 1) + "MB'");
            s.execute("LISTEN " + channelPrefix + i);
        }
        connections.add(c);
        pids.add(JdbcAssertions.scalar(c, "SELECT pg_backend_pid()"));
        heard.add(new TreeSet<>());
    }

    private void run(int i) {
        Connection c = connections.get(i);
        String workMem = (i + 1) + "MB";
        try (PreparedStatement addOne = c.prepareStatement("SELECT ?::int + 1, pg_backend_pid(), current_setting('work_mem')")) {
            for (int n = 0; !stopping; n++) {
                addOne.setInt(1, n);
                try (ResultSet rs = addOne.executeQuery()) {
                    rs.next();
                    check(n + 1 == rs.getInt(1), "the statement's answer " + rs.getInt(1) + " for " + n);
                    check(pids.get(i).equals(rs.getString(2)), "backend " + rs.getString(2) + ", was " + pids.get(i));
                    check(workMem.equals(rs.getString(3)), "work_mem " + rs.getString(3) + ", was " + workMem);
                }
                take(i, c.unwrap(PGConnection.class).getNotifications());
                queries.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, new AssertionError("session " + i + ": " + t, t));
        }
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }

    private void take(int i, PGNotification[] notifications) {
        if (notifications == null) {
            return;
        }
        for (PGNotification n : notifications) {
            if (!heard.get(i).add(Integer.parseInt(n.getParameter()))) {
                duplicates.incrementAndGet();
            }
        }
    }

    /** Sends the next numbered notification to every session's channel, straight to PostgreSQL (one thread only). */
    void notifyAll(dev.switchboard.embedded.PgCluster cluster) {
        int number = notificationsSent + 1;
        StringJoiner sql = new StringJoiner("; ");
        for (int i = 0; i < connections.size(); i++) {
            sql.add("NOTIFY " + channelPrefix + i + ", '" + number + "'");
        }
        cluster.primary().query("app", sql.toString());
        notificationsSent = number; // counted once PostgreSQL has it
    }

    int queries() {
        return queries.get();
    }

    Throwable failure() {
        return failure.get();
    }

    /**
     * Stops the loops, collects the notifications still on their way, and fails unless every session ran without
     * an error on its own backend and heard every notification exactly once.
     */
    String stop() throws Exception {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        if (failure.get() != null) {
            throw new AssertionError("a session failed", failure.get());
        }
        int complete = 0;
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (heard.get(i).size() < notificationsSent && System.nanoTime() < deadline) {
                take(i, c.unwrap(PGConnection.class).getNotifications(500));
            }
            check(pids.get(i).equals(JdbcAssertions.scalar(c, "SELECT pg_backend_pid()")), "session " + i
                    + " is on another backend: it reconnected");
            TreeSet<Integer> missing = new TreeSet<>();
            for (int n = 1; n <= notificationsSent; n++) {
                if (!heard.get(i).contains(n)) {
                    missing.add(n);
                }
            }
            check(missing.isEmpty() && heard.get(i).size() == notificationsSent, "session " + i + " heard "
                    + heard.get(i).size() + " of " + notificationsSent + " notifications; missing " + missing);
            complete++;
        }
        check(duplicates.get() == 0, duplicates.get() + " notifications heard twice");
        return complete + " sessions, " + queries.get() + " queries, " + notificationsSent
                + " notifications each heard once, every session on its first backend";
    }

    @Override
    public void close() throws SQLException {
        stopping = true;
        for (Connection c : connections) {
            c.close();
        }
    }
}
