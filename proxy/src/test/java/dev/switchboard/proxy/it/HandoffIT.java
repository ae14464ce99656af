// HandoffIT: a successor takes over a running proxy's listener and clients; pgJDBC clients never notice.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.proxy.SwitchboardServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two proxies with one configuration in one JVM stand for the running process and its successor: the successor
 * takes the listening socket and every client at rest over the handoff socket. Clients keep their connections,
 * their settings and their cancel keys; one client runs queries all the way through; new connections reach the
 * successor; the old proxy drains and stops by itself.
 */
class HandoffIT {

    @AfterAll
    static void noLeaks() {
        JdbcAssertions.awaitNoAppBackends();
        LeakRecorder.assertNoLeaks();
    }

    private static SwitchboardConfig config(Path handoffSocket) throws dev.switchboard.config.ConfigException {
        return config(handoffSocket, "transaction");
    }

    private static SwitchboardConfig config(Path handoffSocket, String mode) throws dev.switchboard.config.ConfigException {
        return config(handoffSocket, mode, TestCluster.primaryAddress());
    }

    /** {@code node}: the primary as the cluster's node, {@code host:port} or {@code directory:port}. */
    private static SwitchboardConfig config(Path handoffSocket, String mode, String node)
            throws dev.switchboard.config.ConfigException {
        String yaml = ProxyHarness.config().mode(mode).poolSize(8).limits("drain_grace: 10s")
                .listen("handoff_socket: " + handoffSocket).yaml()
                .replace("${PRIMARY}", node);
        return ConfigLoader.parse(yaml, "handoff.yaml", Map.of());
    }

    private static Connection connect(int port, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("prepareThreshold", "1"); // named server-side statements from the first use on
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", props);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + applicationName + "'");
        }
        return c;
    }

    /** A named prepared statement the client keeps using across the handoff. */
    private static int addOne(Connection c, int value) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
            ps.setInt(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void clientsAtRestMoveWithTheirSettingsAndKeys() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        SwitchboardConfig config = config(dir.resolve("handoff.sock"));
        SwitchboardServer old = SwitchboardServer.start(config);
        SwitchboardServer successor = null;
        List<Connection> clients = new ArrayList<>();
        BusyClient busy = null;
        try {
            int port = old.port();
            for (int i = 0; i < 5; i++) {
                clients.add(connect(port, "moved-" + i));
                assertEquals(i + 1, addOne(clients.get(i), i));
            }
            Connection busyClient = connect(port, "busy");
            busy = BusyClient.start("busy-client", n -> {
                assertEquals("busy", query(busyClient, "SHOW application_name"));
                assertEquals(n + 1, addOne(busyClient, n));
            });

            // Bad input on the handoff socket is refused, and the running proxy does not mind.
            assertEquals(-1, sendToHandoffSocket(config.listen().handoffSocketPath(),
                    new byte[] {0, 0, 0, 3, 'X', 'Y', 'Z'}), "garbage: the connection is closed");
            assertEquals(-1, sendToHandoffSocket(config.listen().handoffSocketPath(),
                    new byte[] {0, 0, 0, 6, 'H', 0, 0, 0, 99, 'R'}), "another version: the connection is closed");
            assertEquals("moved-0", query(clients.get(0), "SHOW application_name"));

            java.util.Set<String> backendsBefore = JdbcAssertions.appBackendPids();
            long started = System.nanoTime();
            successor = SwitchboardServer.takeOver(config);
            System.out.printf("handoff took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertEquals(port, successor.port(), "the successor listens on the same socket");
            var report = old.stopped().get(60, TimeUnit.SECONDS);
            System.out.printf("handoff report: %s%n", report);
            assertEquals(6, report.moved(), "every client moved: " + report);
            assertEquals(0, report.staying(), report.toString());
            assertTrue(report.serversMoved() > 0, "no server connection moved: " + report);
            // Both processes count it on /metrics.
            assertEquals(6.0, old.context().meters().get("switchboard.handoff.clients").tag("direction", "given")
                    .counter().count());
            assertEquals(6.0, successor.context().meters().get("switchboard.handoff.clients")
                    .tag("direction", "taken").counter().count());
            // Sent is not always pooled: the successor may have had to open a connection for a client first.
            double pooled = successor.context().meters().get("switchboard.handoff.servers").tag("direction", "taken")
                    .counter().count();
            assertTrue(pooled <= report.serversMoved(), "pooled " + pooled + " of " + report.serversMoved() + " sent");

            busy.goesOnThenStops();
            for (int i = 0; i < clients.size(); i++) {
                assertEquals("moved-" + i, query(clients.get(i), "SHOW application_name"),
                        "a moved client keeps its settings");
                assertEquals(i + 101, addOne(clients.get(i), i + 100), "and its prepared statements");
            }
            // The old proxy has stopped and closed what it kept: a backend of before still there went to the successor.
            java.util.Set<String> kept = JdbcAssertions.appBackendPids();
            kept.retainAll(backendsBefore);
            System.out.printf("backends before: %s, still serving after the old proxy stopped: %s%n", backendsBefore,
                    kept);
            assertTrue(!kept.isEmpty(), "no backend of before survived: " + backendsBefore);
            // The cancel key the old process gave still cancels, now through the successor.
            Connection canceller = clients.get(0);
            try (Statement sleeping = canceller.createStatement()) {
                Thread cancel = new Thread(() -> {
                    try {
                        Thread.sleep(500);
                        sleeping.cancel();
                    } catch (InterruptedException | SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                cancel.start();
                SQLException cancelled = assertThrows(SQLException.class, () -> sleeping.execute("SELECT pg_sleep(30)"));
                assertEquals("57014", cancelled.getSQLState(), cancelled.toString());
                cancel.join();
            }
            try (Connection fresh = connect(port, "fresh")) {
                assertEquals("fresh", query(fresh, "SHOW application_name"), "new connections reach the successor");
            }
            busyClient.close();
        } finally {
            if (busy != null) {
                busy.close();
            }
            closeAll(clients, old, successor, dir);
        }
    }

    /**
     * Session mode: each client moves together with its server connection, so everything it built on the server
     * stays — its backend, settings, named prepared statements, a temporary table and its LISTEN — and a
     * notification sent after the handoff arrives once. A client querying all the while never sees an error.
     */
    @Test
    void sessionModeClientsMoveWithTheirServers() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        SwitchboardConfig config = config(dir.resolve("handoff.sock"), "session");
        SwitchboardServer old = SwitchboardServer.start(config);
        SwitchboardServer successor = null;
        List<Connection> clients = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        BusyClient busy = null;
        try {
            int port = old.port();
            for (int i = 0; i < 4; i++) {
                Connection c = connect(port, "session-" + i);
                clients.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SET work_mem = '" + (i + 2) + "MB'");
                    s.execute("CREATE TEMP TABLE mine (n int)");
                    s.execute("INSERT INTO mine VALUES (" + i + ")");
                    s.execute("LISTEN moved_" + i);
                }
                assertEquals(i + 1, addOne(c, i));
                pids.add(query(c, "SELECT pg_backend_pid()"));
            }
            Connection busyClient = connect(port, "busy");
            String busyPid = query(busyClient, "SELECT pg_backend_pid()");
            busy = BusyClient.start("busy-session", n -> {
                assertEquals(n + 1, addOne(busyClient, n));
                assertEquals(busyPid, query(busyClient, "SELECT pg_backend_pid()"));
            });

            long started = System.nanoTime();
            successor = SwitchboardServer.takeOver(config);
            var report = old.stopped().get(60, TimeUnit.SECONDS);
            System.out.printf("session-mode handoff: %s, taken over in %d ms%n", report,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertEquals(5, report.moved(), "every session moved: " + report);
            assertEquals(0, report.staying(), report.toString());
            assertTrue(report.serversMoved() >= 5, "each session's server moved with it: " + report);

            busy.goesOnThenStops();
            try (Connection notifier = connect(port, "notifier"); Statement s = notifier.createStatement()) {
                for (int i = 0; i < clients.size(); i++) {
                    s.execute("NOTIFY moved_" + i + ", 'after'");
                }
            }
            for (int i = 0; i < clients.size(); i++) {
                Connection c = clients.get(i);
                assertEquals(pids.get(i), query(c, "SELECT pg_backend_pid()"), "the same backend serves the session");
                assertEquals((i + 2) + "MB", query(c, "SHOW work_mem"), "its settings are kept");
                assertEquals("session-" + i, query(c, "SHOW application_name"));
                assertEquals(String.valueOf(i), query(c, "SELECT n FROM mine"), "its temporary table is there");
                assertEquals(i + 101, addOne(c, i + 100), "its prepared statement is there");
                org.postgresql.PGNotification[] heard = c.unwrap(org.postgresql.PGConnection.class)
                        .getNotifications(10_000);
                assertEquals(1, heard.length, "one notification, once");
                assertEquals("moved_" + i, heard[0].getName());
                assertEquals("after", heard[0].getParameter());
            }
            busyClient.close();
        } finally {
            if (busy != null) {
                busy.close();
            }
            closeAll(clients, old, successor, dir);
        }
    }

    /** A server connection on the node's Unix socket moves as one over TCP does, and stays on the socket. */
    @Test
    void serversOnTheNodesUnixSocketMoveWithTheirSessions() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        var primary = TestCluster.get().primary();
        SwitchboardConfig config = config(dir.resolve("handoff.sock"), "session",
                primary.nodeDir() + ":" + primary.port());
        SwitchboardServer old = SwitchboardServer.start(config);
        SwitchboardServer successor = null;
        List<Connection> clients = new ArrayList<>();
        List<String> pids = new ArrayList<>();
        try {
            int port = old.port();
            for (int i = 0; i < 2; i++) {
                Connection c = connect(port, "unix-" + i);
                clients.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE mine (n int)");
                    s.execute("INSERT INTO mine VALUES (" + i + ")");
                }
                assertEquals("t", query(c, "SELECT inet_server_addr() IS NULL"), "the session is on the socket");
                pids.add(query(c, "SELECT pg_backend_pid()"));
            }
            successor = SwitchboardServer.takeOver(config);
            var report = old.stopped().get(60, TimeUnit.SECONDS);
            assertEquals(2, report.moved(), report.toString());
            assertTrue(report.serversMoved() >= 2, "each session's server moved with it: " + report);
            for (int i = 0; i < clients.size(); i++) {
                Connection c = clients.get(i);
                assertEquals(pids.get(i), query(c, "SELECT pg_backend_pid()"), "the same backend serves the session");
                assertEquals(String.valueOf(i), query(c, "SELECT n FROM mine"), "its temporary table is there");
                assertEquals(i + 1, addOne(c, i), "the moved server takes new statements");
            }
            try (Connection fresh = connect(port, "after")) {
                assertEquals("t", query(fresh, "SELECT inet_server_addr() IS NULL"), "new servers too");
            }
        } finally {
            closeAll(clients, old, successor, dir);
        }
    }

    @Test
    void aDrainStopsAcceptingTellsClientsAndEndsWhenTheyAreGone() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        SwitchboardConfig config = config(dir.resolve("handoff.sock"));
        SwitchboardServer proxy = SwitchboardServer.start(config);
        try (Connection client = connect(proxy.port(), "drained")) {
            int port = proxy.port();
            dev.switchboard.proxy.handoff.DrainRequest.send(config.listen().handoffSocketPath());

            Await.until("new connections refused", java.time.Duration.ofSeconds(30), () -> {
                try (Connection late = connect(port, "late")) {
                    return false;
                } catch (SQLException refused) {
                    return true;
                }
            });
            org.postgresql.PGConnection pg = client.unwrap(org.postgresql.PGConnection.class);
            Await.until("the client told to reconnect", java.time.Duration.ofSeconds(30), () -> {
                query(client, "SELECT 1");
                return "on".equals(pg.getParameterStatus("disconnect_requested"));
            });
            assertTrue(!proxy.stopped().isDone(), "stopped while a client is still there");
        } finally {
            try {
                proxy.stopped().get(60, TimeUnit.SECONDS); // the client left: the proxy stops by itself
            } finally {
                proxy.close();
                deleteQuietly(dir);
            }
        }
    }

    @Test
    void withoutARunningProcessTheSuccessorSaysSoAndStopsCleanly() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        try {
            IOException refused = assertThrows(IOException.class,
                    () -> SwitchboardServer.takeOver(config(dir.resolve("nobody.sock"))));
            assertTrue(refused.getMessage().contains("no running Switchboard answers"), refused.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * The handoff socket refuses what is not a successor of the same user: a second successor while one is
     * connecting, a truncated record, and a process of another user (here: nobody, through runuser) — each with
     * its connection closed, and the running proxy goes on serving; a real successor still takes over afterwards.
     */
    @Test
    void theHandoffSocketRefusesIntrudersAndTheProxyGoesOn() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        SwitchboardConfig config = config(dir.resolve("handoff.sock"));
        Path socket = config.listen().handoffSocketPath();
        SwitchboardServer old = SwitchboardServer.start(config);
        SwitchboardServer successor = null;
        try (Connection client = connect(old.port(), "watching")) {
            byte[] helloRecords = {0, 0, 0, 6, 'H', 0, 0, 0, 2, 'R'};
            try (java.nio.channels.SocketChannel first = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(socket))) {
                first.write(java.nio.ByteBuffer.wrap(helloRecords));
                assertEquals(-1, sendToHandoffSocket(socket, helloRecords), "a second successor is refused");
            } // the first one leaves before it sent its sockets connection: the proxy goes back to serving
            try (java.nio.channels.SocketChannel truncated = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(socket))) {
                truncated.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 'H', 0, 0}));
                truncated.shutdownOutput(); // the record ends early
                assertEquals(-1, truncated.read(java.nio.ByteBuffer.allocate(16)), "a truncated record is refused");
            }
            Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            ExternalProgram.Result stranger = ExternalProgram.asRoot("runuser").run(List.of("-u", "nobody", "--",
                    "/usr/bin/python3", "-c", "import socket, sys\n"
                            + "s = socket.socket(socket.AF_UNIX)\n"
                            + "s.connect(sys.argv[1])\n"
                            + "try:\n"
                            + "    s.sendall(bytes([0, 0, 0, 6, 72, 0, 0, 0, 2, 82]))\n"
                            + "    print('closed' if s.recv(16) == b'' else 'answered')\n"
                            + "except (ConnectionResetError, BrokenPipeError):\n"
                            + "    print('closed')\n", socket.toString()),
                    Map.of(), null, java.time.Duration.ofSeconds(30));
            assertEquals(0, stranger.exitCode(), stranger.toString());
            assertEquals("closed", stranger.stdout().strip(), "a process of another user is refused");
            assertEquals("watching", query(client, "SHOW application_name"), "the running proxy goes on");

            successor = SwitchboardServer.takeOver(config);
            var report = old.stopped().get(60, TimeUnit.SECONDS);
            assertEquals(1, report.moved(), "a real successor still takes over: " + report);
            assertEquals("watching", query(client, "SHOW application_name"));
        } finally {
            old.close();
            if (successor != null) {
                successor.close();
            }
            deleteQuietly(dir);
        }
    }

    /**
     * A successor whose HTTP port is held by another program stops before it takes anything over: the running
     * proxy goes on serving its clients, and a successor that can have the port takes over afterwards.
     */
    @Test
    void aSuccessorWhoseHttpPortIsTakenStopsBeforeTakingAnything() throws Exception {
        Path dir = Files.createTempDirectory("sb-handoff");
        SwitchboardConfig config = config(dir.resolve("handoff.sock"));
        SwitchboardServer old = SwitchboardServer.start(config);
        SwitchboardServer successor = null;
        try (Connection client = connect(old.port(), "staying");
             java.net.ServerSocket someoneElse = new java.net.ServerSocket(0, 1,
                     java.net.InetAddress.getLoopbackAddress())) {
            String withHttp = ProxyHarness.config().mode("transaction").poolSize(8).limits("drain_grace: 10s")
                    .listen("handoff_socket: " + dir.resolve("handoff.sock"))
                    .section("http", "address: 127.0.0.1", "port: " + someoneElse.getLocalPort()).yaml()
                    .replace("${PRIMARY}", TestCluster.primaryAddress());
            SwitchboardConfig taken = ConfigLoader.parse(withHttp, "taken.yaml", Map.of());
            IOException refused = assertThrows(IOException.class, () -> SwitchboardServer.takeOver(taken));
            assertTrue(refused.getMessage().contains("is taken by another program"), refused.getMessage());
            assertEquals("staying", query(client, "SHOW application_name"), "the running proxy goes on serving");

            successor = SwitchboardServer.takeOver(config);
            assertEquals(1, old.stopped().get(60, TimeUnit.SECONDS).moved());
            assertEquals("staying", query(client, "SHOW application_name"));
        } finally {
            old.close();
            if (successor != null) {
                successor.close();
            }
            deleteQuietly(dir);
        }
    }

    /** Writes {@code bytes} to the handoff socket and returns what reading then gives (-1: closed by the proxy). */
    private static int sendToHandoffSocket(Path socket, byte[] bytes) throws IOException {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            return channel.read(java.nio.ByteBuffer.allocate(16));
        }
    }

    /** Closes the clients, then the running process and its successor, then removes the handoff socket's directory. */
    private static void closeAll(List<Connection> clients, SwitchboardServer old, SwitchboardServer successor,
                                 Path dir) throws Exception {
        for (Connection c : clients) {
            c.close();
        }
        old.close();
        if (successor != null) {
            successor.close();
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
