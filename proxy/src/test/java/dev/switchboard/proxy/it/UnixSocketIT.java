// UnixSocketIT: with listen.unix_socket_dir set, psql connects through the Unix socket as it would to PostgreSQL.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketIT {

    @TempDir
    static Path socketDir;

    @AfterAll
    static void noLeaks() {
        LeakRecorder.assertNoLeaks();
    }

    @Test
    void psqlConnectsThroughTheSocketAndItIsRemovedOnClose() throws IOException {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free(); // a Unix socket is named after the port, so port 0 is not allowed with it
        Path socket = socketDir.resolve(".s.PGSQL." + port);
        try (ProxyHarness proxy = ProxyHarness.config()
                .listen("port: " + port, "unix_socket_dir: \"" + socketDir + "\"").start()) {
            assertTrue(Files.exists(socket), "socket " + socket + " exists while the proxy runs");
            ExternalProgram.Result result = psql.run(
                    List.of("-X", "-A", "-t", "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "app",
                            "-d", "app", "-c", "SELECT current_user"),
                    Map.of("PGPASSWORD", "app"), null, Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result.toString());
            // libpq takes a host starting with '/' as the directory of a Unix socket.
            assertEquals("app", result.stdout().trim(), result.toString());
        }
        assertFalse(Files.exists(socket), "socket removed when the proxy stops");
    }

    /** PgBouncer's rule: user pgbouncer, over the Unix socket, as the proxy's own OS user, is an admin without password. */
    @Test
    void theProxysOwnUserReachesTheConsoleWithoutAPassword() throws IOException {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free();
        try (ProxyHarness proxy = ProxyHarness.config()
                .listen("port: " + port, "unix_socket_dir: \"" + socketDir + "\"").start()) {
            ExternalProgram.Result version = psql.run(List.of("-X", "-A", "-t", "-w", "-h", socketDir.toString(), "-p",
                    Integer.toString(port), "-U", "pgbouncer", "-d", "pgbouncer", "-c", "SHOW VERSION"), Map.of(), null,
                    Duration.ofSeconds(60));
            assertEquals(0, version.exitCode(), version.toString());
            assertTrue(version.stdout().startsWith("Switchboard "), version.toString());
            // An admin: the command runs (and finds nothing paused) instead of "admin access needed".
            ExternalProgram.Result resume = psql.run(List.of("-X", "-w", "-h", socketDir.toString(), "-p",
                    Integer.toString(port), "-U", "pgbouncer", "-d", "pgbouncer", "-c", "RESUME"), Map.of(), null,
                    Duration.ofSeconds(60));
            assertTrue(resume.stderr().contains("pooler is not paused/suspended"), resume.toString());
            // Over TCP the same user has no password to give.
            ExternalProgram.Result tcp = psql.run(List.of("-X", "-w", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", "pgbouncer", "-d", "pgbouncer", "-c", "SHOW VERSION"), Map.of("PGPASSWORD", "guess"), null,
                    Duration.ofSeconds(60));
            assertTrue(tcp.exitCode() != 0 && tcp.stderr().contains("password authentication failed"), tcp.toString());
        }
    }

    /** TLS never runs on a Unix socket (libpq does not try it there), so tls.client.mode require is for TCP only. */
    @Test
    void tlsRequiredOnTcpStillLetsUnixSocketClientsIn(@TempDir Path certificates) throws IOException {
        ExternalProgram psql = ExternalProgram.require("psql");
        var authority = dev.switchboard.proxy.tls.ThrowawayCertificates.create(certificates, "Unix socket test CA");
        var server = authority.localhostServer();
        int port = Ports.free();
        try (ProxyHarness proxy = ProxyHarness.config()
                .listen("port: " + port, "unix_socket_dir: \"" + socketDir + "\"")
                .section("tls", "client: { mode: require, cert_file: \"" + server.certFile() + "\", key_file: \""
                        + server.keyFile() + "\" }").start()) {
            ExternalProgram.Result overSocket = psql.run(
                    List.of("-X", "-A", "-t", "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "app",
                            "-d", "app", "-c", "SELECT 1"), Map.of("PGPASSWORD", "app"), null, Duration.ofSeconds(60));
            assertEquals(0, overSocket.exitCode(), overSocket.toString());
            ExternalProgram.Result plainTcp = psql.run(
                    List.of("-X", "-A", "-t", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "app", "-d", "app",
                            "-c", "SELECT 1"), Map.of("PGPASSWORD", "app", "PGSSLMODE", "disable"), null,
                    Duration.ofSeconds(60));
            assertTrue(plainTcp.exitCode() != 0 && plainTcp.stderr().contains("TLS is required"), plainTcp.toString());
        }
    }

    /** An access rule for Unix-socket clients only (pg_hba's local): the TCP listener of the same proxy is closed. */
    @Test
    void aLocalAccessRuleAdmitsSocketClientsOnly() throws IOException {
        ExternalProgram psql = ExternalProgram.require("psql");
        int port = Ports.free();
        try (ProxyHarness proxy = ProxyHarness.start(ProxyHarness.config()
                .listen("port: " + port, "unix_socket_dir: \"" + socketDir + "\"").yaml()
                + "access:\n  - { action: allow, address: local }\n")) {
            ExternalProgram.Result overSocket = psql.run(
                    List.of("-X", "-A", "-t", "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "app",
                            "-d", "app", "-c", "SELECT 1"), Map.of("PGPASSWORD", "app"), null, Duration.ofSeconds(60));
            assertEquals(0, overSocket.exitCode(), overSocket.toString());
            ExternalProgram.Result overTcp = psql.run(
                    List.of("-X", "-A", "-t", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "app", "-d", "app",
                            "-c", "SELECT 1"), Map.of("PGPASSWORD", "app", "PGSSLMODE", "disable"), null,
                    Duration.ofSeconds(60));
            assertTrue(overTcp.exitCode() != 0 && overTcp.stderr().contains("no access rule matches host \"127.0.0.1\""),
                    overTcp.toString());
        }
    }

    /**
     * A sidecar's set-up: clients on the proxy's Unix socket, the proxy on PostgreSQL's (the node given as a
     * directory, as libpq's host). Transactions, a cancel and the topology monitor all go through the node's socket.
     */
    @Test
    void aNodeGivenAsADirectoryIsReachedThroughItsUnixSocket(@TempDir Path work) throws Exception {
        ExternalProgram psql = ExternalProgram.require("psql");
        ExternalProgram pgbench = ExternalProgram.require("pgbench");
        var primary = TestCluster.get().primary();
        int port = Ports.free();
        try (ProxyHarness proxy = ProxyHarness.config().mode("transaction").poolSize(2)
                .listen("port: " + port, "unix_socket_dir: \"" + socketDir + "\"")
                .cluster("main", "nodes: [ \"" + primary.nodeDir() + ":" + primary.port() + "\" ]").start()) {
            // PostgreSQL has no server address for a session on its Unix socket.
            ExternalProgram.Result result = psql.run(List.of("-X", "-A", "-t", "-h", socketDir.toString(), "-p",
                    Integer.toString(port), "-U", "app", "-d", "app", "-c",
                    "SELECT current_user, inet_server_addr() IS NULL"), Map.of("PGPASSWORD", "app"), null,
                    Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result.toString());
            assertEquals("app|t", result.stdout().trim(), result.toString());

            // Every transaction fails (division by zero) unless its server session is on the Unix socket.
            Path script = Files.writeString(work.resolve("on-the-socket.sql"),
                    "SELECT 1 / (inet_server_addr() IS NULL)::int;\n");
            ExternalProgram.Result bench = pgbench.run(List.of("-n", "-c", "4", "-j", "2", "-t", "250", "-f",
                    script.toString(), "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "app", "app"),
                    Map.of("PGPASSWORD", "app"), null, Duration.ofSeconds(120));
            assertEquals(0, bench.exitCode(), bench.toString());
            assertTrue(bench.stdout().contains("number of transactions actually processed: 1000/1000"),
                    bench.toString());

            // The console shows them as PgBouncer shows servers on a socket: addr "unix", the node's port.
            ExternalProgram.Result servers = psql.run(List.of("-X", "-A", "-t", "-F", ",", "-w", "-h",
                    socketDir.toString(), "-p", Integer.toString(port), "-U", "pgbouncer", "-d", "pgbouncer", "-c",
                    "SHOW SERVERS"), Map.of(), null, Duration.ofSeconds(60));
            assertEquals(0, servers.exitCode(), servers.toString());
            assertTrue(servers.stdout().lines().anyMatch(row -> row.startsWith("S,app,app,")
                    && row.contains(",unix," + primary.port() + ",unix,0,")), servers.toString());

            // pgJDBC's query timeout sends a CancelRequest, which the proxy delivers through the node's socket.
            try (Connection c = proxy.connect("app", "app"); Statement st = c.createStatement()) {
                st.setQueryTimeout(1);
                JdbcAssertions.assertSqlState("57014", () -> st.execute("SELECT pg_sleep(30)"));
                st.setQueryTimeout(0);
                assertEquals("t", JdbcAssertions.scalar(c, "SELECT inet_server_addr() IS NULL"));
            }
            // The monitor reads the node through the same socket: it is the write target, on its timeline.
            var topology = proxy.server().context().topologies().snapshots().get(0);
            assertNotNull(topology.writeTarget(), topology.toString());
            assertEquals(primary.nodeDir() + ":" + primary.port(), topology.writeTarget().node());
            assertTrue(topology.writeTarget().timeline() >= 1, topology.toString());
        }
    }
}
