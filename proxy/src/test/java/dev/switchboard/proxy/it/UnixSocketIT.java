// UnixSocketIT: with listen.unix_socket_dir set, psql connects through the Unix socket as it would to PostgreSQL.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

}
