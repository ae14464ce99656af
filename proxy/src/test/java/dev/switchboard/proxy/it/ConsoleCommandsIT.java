// ConsoleCommandsIT: the console's admin commands against real clients — PAUSE/RESUME, DISABLE/ENABLE, RECONNECT, KILL_CLIENT, the counters.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.pooling.Pool;
import dev.switchboard.proxy.backend.ServerConn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each test uses its own database of the proxy, so that what one pauses or disables does not reach the others. */
class ConsoleCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() {
        proxy = ProxyHarness.config()
                .database("tx", "cluster: main", "dbname: app", "pool: { mode: transaction }")
                .database("held", "cluster: main", "dbname: app", "pool: { mode: transaction }")
                .database("gate", "cluster: main", "dbname: app")
                .database("fresh", "cluster: main", "dbname: app")
                .database("victims", "cluster: main", "dbname: app")
                .database("doomed", "cluster: main", "dbname: app")
                .database("renewed", "cluster: main", "dbname: app")
                .database("counted", "cluster: main", "dbname: app", "pool: { mode: transaction }")
                .top("admin_users", "[ app ]").start();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void pauseWaitsForLeasedServersAndHoldsNewTransactionsUntilResume() throws Exception {
        try (Connection console = console(); Connection busy = connect("tx", new Properties());
             Connection next = connect("tx", new Properties())) {
            busy.setAutoCommit(false);
            busy.createStatement().execute("SELECT 1"); // holds its server until COMMIT
            CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> execute(console, "PAUSE tx"));
            Await.until("the pools of tx are paused", WAIT, () -> !txPools().isEmpty()
                    && txPools().stream().allMatch(Pool::isPaused));
            assertFalse(pause.isDone(), "PAUSE answers only once the leased server is back");

            CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> selectOne(next));
            Await.until("the new transaction waits", WAIT,
                    () -> txPools().stream().mapToInt(Pool::waitingCount).sum() == 1);
            try (Connection check = console(); Statement st = check.createStatement();
                 ResultSet rs = st.executeQuery("SHOW POOLS")) {
                int waiting = -1;
                while (rs.next()) {
                    if (rs.getString("database").equals("tx")) {
                        waiting = rs.getInt("cl_waiting");
                        assertTrue(rs.getInt("maxwait") >= 0 && rs.getInt("maxwait_us") >= 0);
                    }
                }
                assertEquals(1, waiting, "SHOW POOLS counts the held transaction as waiting");
            }
            busy.commit();
            pause.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(held.isDone(), "paused: the waiting transaction still waits");
            try (Connection check = console(); Statement st = check.createStatement();
                 ResultSet rs = st.executeQuery("SHOW DATABASES")) {
                while (rs.next()) {
                    if (rs.getString("name").equals("tx")) {
                        assertEquals(1, rs.getInt("paused"));
                    }
                }
            }

            console.createStatement().execute("PAUSE tx"); // a database's PAUSE may repeat, as in PgBouncer
            console.createStatement().execute("RESUME tx");
            assertEquals(1, held.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            SQLException notPaused = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("RESUME tx"));
            assertTrue(notPaused.getMessage().contains("database tx is not paused"), notPaused.getMessage());

            // PAUSE without a database: PgBouncer's pause mode, which holds every database and is not repeated.
            console.createStatement().execute("PAUSE");
            assertTrue(txPools().stream().allMatch(Pool::isPaused));
            try (ResultSet rs = console.createStatement().executeQuery("SHOW STATE")) {
                java.util.Map<String, String> state = new java.util.HashMap<>();
                while (rs.next()) {
                    state.put(rs.getString("key"), rs.getString("value"));
                }
                assertEquals("yes", state.get("paused"));
            }
            for (String again : List.of("PAUSE", "PAUSE tx")) {
                SQLException twice = assertThrows(SQLException.class, () -> console.createStatement().execute(again));
                assertTrue(twice.getMessage().contains("already suspended/paused"), twice.getMessage());
            }
            console.createStatement().execute("RESUME");
            assertTrue(txPools().stream().noneMatch(Pool::isPaused));
            SQLException nothing = assertThrows(SQLException.class, () -> console.createStatement().execute("RESUME"));
            assertTrue(nothing.getMessage().contains("pooler is not paused/suspended"), nothing.getMessage());
            SQLException admin = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("PAUSE pgbouncer"));
            assertTrue(admin.getMessage().contains("cannot pause admin db: pgbouncer"), admin.getMessage());
        }
    }

    @Test
    void aCancelRequestOnAWaitingPauseResumesWhatItPaused() throws Exception {
        try (Connection console = console(); Connection busy = connect("held", new Properties())) {
            busy.setAutoCommit(false);
            busy.createStatement().execute("SELECT 1");
            Statement pauseStatement = console.createStatement();
            CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> {
                try {
                    pauseStatement.execute("PAUSE held");
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Await.until("the pools of held are paused", WAIT, () -> !pools("held").isEmpty()
                    && pools("held").stream().allMatch(Pool::isPaused));
            pauseStatement.cancel();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> pause.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("57014", ((SQLException) e.getCause()).getSQLState(), e.toString());
            assertTrue(pools("held").stream().noneMatch(Pool::isPaused));
            busy.commit();
            assertEquals(1, selectOne(busy));
            console.createStatement().executeQuery("SHOW STATE").close(); // the console session goes on
        }
    }

    @Test
    void disableRefusesNewLoginsAndEnableLetsThemInAgain() throws Exception {
        try (Connection console = console(); Connection open = connect("gate", new Properties())) {
            console.createStatement().execute("DISABLE gate");
            SQLException refused = assertThrows(SQLException.class, () -> connect("gate", new Properties()).close());
            assertEquals("55000", refused.getSQLState());
            assertEquals(1, selectOne(open), "a session already open goes on");
            console.createStatement().execute("ENABLE gate");
            try (Connection again = connect("gate", new Properties())) {
                assertEquals(1, selectOne(again));
            }
            SQLException none = assertThrows(SQLException.class, () -> console.createStatement().execute("DISABLE"));
            assertTrue(none.getMessage().contains("a database is required"), none.getMessage());
            SQLException unknown = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("DISABLE nowhere"));
            assertTrue(unknown.getMessage().contains("no such database: nowhere"), unknown.getMessage());
            SQLException self = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("DISABLE pgbouncer"));
            assertTrue(self.getMessage().contains("cannot disable admin db: pgbouncer"), self.getMessage());
        }
    }

    @Test
    void reconnectReplacesTheServerConnections() throws Exception {
        int before;
        try (Connection c = connect("fresh", new Properties())) {
            before = backendPid(c);
        }
        proxy.awaitLeasesReturned(WAIT);
        try (Connection console = console()) {
            console.createStatement().execute("RECONNECT fresh");
        }
        try (Connection c = connect("fresh", new Properties())) {
            assertNotEquals(before, backendPid(c), "the idle server was closed and a new one opened");
        }
    }

    @Test
    void killDropsTheDatabasesClientsAndPausesItUntilResume() throws Exception {
        try (Connection console = console(); Connection doomed = connect("doomed", new Properties())) {
            assertEquals(1, selectOne(doomed));
            console.createStatement().execute("KILL doomed");
            IllegalStateException removed = assertThrows(IllegalStateException.class, () -> selectOne(doomed));
            assertTrue(removed.getMessage().contains("database removed"), removed.getMessage());
            CompletableFuture<Integer> later = CompletableFuture.supplyAsync(() -> {
                try (Connection c = connect("doomed", new Properties())) {
                    return selectOne(c);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until("the new client waits", WAIT,
                    () -> pools("doomed").stream().mapToInt(Pool::waitingCount).sum() == 1);
            console.createStatement().execute("RESUME doomed");
            assertEquals(1, later.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            console.createStatement().execute("WAIT_CLOSE doomed"); // the killed client's server is gone
            SQLException self = assertThrows(SQLException.class, () -> console.createStatement().execute("KILL pgbouncer"));
            assertTrue(self.getMessage().contains("cannot kill admin db: pgbouncer"), self.getMessage());
        }
    }

    @Test
    void waitCloseAnswersOnceTheReplacedServersAreClosed() throws Exception {
        try (Connection console = console()) {
            Connection holder = connect("renewed", new Properties());
            assertEquals(1, selectOne(holder)); // a session holds its server until it ends
            console.createStatement().execute("RECONNECT renewed");
            CompletableFuture<Void> waitClose = CompletableFuture.runAsync(() -> execute(console, "WAIT_CLOSE renewed"));
            Await.until("the held server counted as to be closed", WAIT,
                    () -> pools("renewed").stream().mapToInt(Pool::outdatedCount).sum() == 1);
            assertFalse(waitClose.isDone(), "WAIT_CLOSE waits while the old server is in use");
            holder.close();
            waitClose.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void killClientClosesThatClientOnly() throws Exception {
        Properties named = new Properties();
        named.setProperty("ApplicationName", "victim");
        named.setProperty("assumeMinServerVersion", "9.0"); // then pgJDBC sends it in the startup packet
        try (Connection console = console(); Connection victim = connect("victims", named);
             Connection bystander = connect("victims", new Properties())) {
            long id = -1;
            try (ResultSet rs = console.createStatement().executeQuery("SHOW CLIENTS")) {
                while (rs.next()) {
                    if ("victim".equals(rs.getString("application_name"))) {
                        id = rs.getLong("id");
                    }
                }
            }
            assertTrue(id > 0, "the victim is listed with its application_name");
            console.createStatement().execute("KILL_CLIENT " + id);
            IllegalStateException killed = assertThrows(IllegalStateException.class, () -> selectOne(victim));
            assertTrue(killed.getMessage().contains("admin forced disconnect"), killed.getMessage());
            assertEquals(1, selectOne(bystander));
            SQLException gone = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("KILL_CLIENT 999999999"));
            assertTrue(gone.getMessage().contains("client not found"), gone.getMessage());
            SQLException bad = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("KILL_CLIENT abc"));
            assertTrue(bad.getMessage().contains("invalid client pointer supplied"), bad.getMessage());
        }
    }

    @Test
    void statsCountTransactionsQueriesAndBytesAndClientsBetweenTransactionsAreIdle() throws Exception {
        try (Connection console = console(); Connection c = connect("counted", new Properties())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(1, selectOne(c));
            }
            c.setAutoCommit(false);
            selectOne(c);
            selectOne(c);
            c.commit();
            try (Statement st = console.createStatement(); ResultSet rs = st.executeQuery("SHOW STATS_TOTALS")) {
                boolean found = false;
                while (rs.next()) {
                    if (rs.getString("database").equals("counted")) {
                        found = true;
                        long transactions = rs.getLong("xact_count");
                        assertTrue(transactions >= 4, "three autocommit statements and one block: " + transactions);
                        assertTrue(rs.getLong("query_count") >= transactions, "a query per transaction at least");
                        assertTrue(rs.getLong("bytes_received") > 0 && rs.getLong("bytes_sent") > 0, "bytes counted");
                        assertTrue(rs.getLong("xact_time") > 0 && rs.getLong("query_time") > 0, "times counted");
                    }
                }
                assertTrue(found, "SHOW STATS_TOTALS has a row for database counted");
            }
            assertEquals("idle", clientState(console, "counted"), "between transactions it holds no server");
            selectOne(c); // autocommit is off: the transaction stays open, its server held
            assertEquals("active", clientState(console, "counted"), "inside a transaction it holds its server");
            c.commit();
            assertEquals("idle", clientState(console, "counted"));
        }
    }

    @Test
    void pauseOfAClusterHoldsNewTransactionsUntilResume() throws Exception {
        try (Connection console = console(); Connection c = connect("counted", new Properties())) {
            execute(console, "PAUSE main"); // a cluster's name, no database's: every node of it
            CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> selectOne(c));
            SQLException again = assertThrows(SQLException.class, () -> console.createStatement().execute("PAUSE main"));
            assertTrue(again.getMessage().contains("cluster \"main\" is already paused"), again.getMessage());
            SQLException switchover = assertThrows(SQLException.class,
                    () -> console.createStatement().execute("SWITCHOVER main"));
            assertTrue(switchover.getMessage().contains("is paused; RESUME it first"), switchover.getMessage());
            assertFalse(held.isDone(), "paused: the transaction waits");
            execute(console, "RESUME main");
            assertEquals(1, held.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            SQLException resume = assertThrows(SQLException.class, () -> console.createStatement().execute("RESUME main"));
            assertTrue(resume.getMessage().contains("cluster \"main\" is not paused"), resume.getMessage());
        }
    }

    @Test
    void setChangesALiveSettingAndRefusesTheOthersWithPgBouncersWords() throws Exception {
        try (Connection console = console(); Statement st = console.createStatement()) {
            String before = configValue(st, "default_pool_size");
            String waitBefore = configValue(st, "query_wait_timeout");
            try {
                st.execute("SET default_pool_size = 7");
                assertEquals("7", configValue(st, "default_pool_size"));
                assertEquals(7, proxy.server().context().config().database("counted").orElseThrow().pool().size(),
                        "a database without a size of its own follows");
                st.execute("SET query_wait_timeout = '2.5'");
                assertEquals("2.5", configValue(st, "query_wait_timeout"));
                for (String[] refused : new String[][] {
                        {"SET nosuch = 1", "SET failed: unknown config parameter: nosuch"},
                        {"SET listen_port = 1", "SET failed: listen_port changes only with a restart"},
                        {"SET default_pool_size = 0", "SET failed: default_pool_size must be a whole number"},
                        {"SET pool_mode = sometimes", "SET failed: pool_mode must be session, transaction or statement"}}) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(refused[0]));
                    assertEquals("08P01", e.getSQLState());
                    assertTrue(e.getMessage().contains(refused[1]), e.getMessage());
                }
                try (Connection c = connect("counted", new Properties())) {
                    assertEquals(1, selectOne(c), "clients go on under the new settings");
                }
            } finally {
                st.execute("SET default_pool_size = " + before);
                st.execute("SET query_wait_timeout = '" + waitBefore + "'");
            }
        }
    }

    private static String configValue(Statement console, String key) throws SQLException {
        try (ResultSet rs = console.executeQuery("SHOW CONFIG")) {
            while (rs.next()) {
                if (rs.getString("key").equals(key)) {
                    return rs.getString("value");
                }
            }
        }
        throw new AssertionError("SHOW CONFIG has no " + key);
    }

    /** SHOW CLIENTS' state of the one client of {@code database}. */
    private static String clientState(Connection console, String database) throws SQLException {
        try (Statement st = console.createStatement(); ResultSet rs = st.executeQuery("SHOW CLIENTS")) {
            String state = null;
            while (rs.next()) {
                if (rs.getString("database").equals(database)) {
                    state = rs.getString("state");
                }
            }
            return state;
        }
    }

    private static List<Pool<ServerConn>> txPools() {
        return pools("tx");
    }

    private static List<Pool<ServerConn>> pools(String database) {
        return proxy.server().context().allPools().stream().filter(p -> p.key().database().equals(database)).toList();
    }

    private static Connection console() throws SQLException {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", "simple");
        return connect("pgbouncer", p);
    }

    private static Connection connect(String database, Properties extra) throws SQLException {
        return proxy.connect(database, "app", "app", extra);
    }

    private static void execute(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int selectOne(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
