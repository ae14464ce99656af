// UnixSocketIT: with listen.unix_socket_dir set, psql connects through the Unix socket as it would to PostgreSQL.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
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
        int port = freePort(); // a Unix socket is named after the port, so port 0 is not allowed with it
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
