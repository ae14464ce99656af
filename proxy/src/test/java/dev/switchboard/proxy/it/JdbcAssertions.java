// JdbcAssertions: small assertions and waits for the pgJDBC integration tests.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Helpers shared by JdbcIT, NegotiationIT and CancelIT: SQLSTATE expectations, scalar queries, deadlines. */
final class JdbcAssertions {
    /** Upper bound for a statement that should end early (far below the sleeps it cancels); not a performance claim. */
    static final long RETURN_SECONDS = 20;
    private static final String APP_BACKENDS = " WHERE datname = 'app' AND backend_type = 'client backend'"
            + " AND usename IN ('app', 'app_scram', 'app_md5', 'app_clear')";


    /** Something that talks to the database and may fail with an SQLException. */
    @FunctionalInterface
    interface SqlAction {
        void run() throws Exception;
    }

    private JdbcAssertions() {
    }

    /** Runs {@code action}, which must fail with an SQLException carrying {@code sqlState}; returns it. */
    static SQLException assertSqlState(String sqlState, SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            assertEquals(sqlState, e.getSQLState(), () -> "unexpected SQLSTATE; message: " + e.getMessage());
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected SQLException " + sqlState + ", got " + e, e);
        }
        return fail("expected SQLException with SQLSTATE " + sqlState + ", but the action succeeded");
    }

    /** The first column of the first row, as text (null for SQL NULL). */
    static String scalar(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row returned by: " + sql);
            }
            return rs.getString(1);
        }
    }

    /** Runs {@code task} on a new daemon thread. */
    static <T> Future<T> inBackground(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, "it-background");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    /** Waits until the primary shows {@code sql} running (or waiting) on some backend. */
    static void awaitRunning(String sql) {
        Await.until("\"" + sql + "\" running on the primary", Duration.ofSeconds(10), () -> Integer.parseInt(
                TestCluster.get().primary().queryValue("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query = '" + sql.replace("'", "''") + "'")) == 1);
    }

    /** Runs {@code sql} on {@code c}, cancels it with Statement.cancel, and checks the 57014 and the session afterwards. */
    static void cancelSleepAndCheck(Connection c, String sql) throws Exception {
        // A comment of its own: a query of the same text that an earlier test left running on the shared cluster
        // must not pass for this one (the cancel would then be sent before this query even started).
        String tagged = sql + " /* cancel check " + java.util.UUID.randomUUID() + " */";
        try (Statement st = c.createStatement()) {
            Future<?> running = inBackground(() -> st.execute(tagged));
            awaitRunning(tagged);
            st.cancel();
            assertSqlState("57014", () -> {
                try {
                    running.get(RETURN_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw (Exception) e.getCause();
                }
            });
        }
        assertEquals("still here", scalar(c, "SELECT 'still here'"), "session unusable after the cancel");
    }

    /** Number of client backends on the primary connected to database {@code app} as one of the test roles. */
    static int appBackends() {
        return Integer.parseInt(TestCluster.get().primary().queryValue("SELECT count(*) FROM pg_stat_activity"
                + APP_BACKENDS));
    }

    /** The process ids of user app's sessions on the primary: the proxy's server connections. */
    static java.util.Set<String> appBackendPids() {
        java.util.Set<String> pids = new java.util.HashSet<>();
        TestCluster.get().primary().query("app", "SELECT pid FROM pg_stat_activity WHERE usename = 'app'"
                + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()").forEach(row -> pids.add(row.get(0)));
        return pids;
    }

    /** Waits until the primary has no test-role backends left in database {@code app}: nothing leaked. */
    static void awaitNoAppBackends() {
        Await.until(() -> "no backends of the test roles left on the primary; left: " + TestCluster.get().primary()
                .query("SELECT usename, application_name, state, query FROM pg_stat_activity" + APP_BACKENDS),
                Duration.ofSeconds(10), () -> appBackends() == 0);
    }
}
