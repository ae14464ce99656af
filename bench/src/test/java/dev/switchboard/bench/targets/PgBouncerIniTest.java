// PgBouncerIniTest: pgbouncer.ini keys, the prepared-statements switch by version, and userlist.txt.
package dev.switchboard.bench.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PgBouncerIniTest {
    private static final ClientTlsFiles TLS = new ClientTlsFiles(Path.of("/b/server.crt"), Path.of("/b/server.key"));
    private static final Path SOCKET_DIR = Path.of("/tmp/b/socket");
    private static final Path PG_SOCKET_DIR = Path.of("/tmp/pg/node0");

    @Test
    void sameModeAndPoolSizeAsSwitchboard() {
        String ini = PgBouncerIni.render(6433, SOCKET_DIR, "127.0.0.1", 5433, PG_SOCKET_DIR, Credentials.APP, 20,
                "/tmp/x/userlist.txt", false, TLS);
        assertTrue(ini.contains("[databases]\napp = host=127.0.0.1 port=5433 dbname=app\n"), ini);
        for (String line : new String[] {"listen_addr = 127.0.0.1", "listen_port = 6433",
                "auth_type = md5", "auth_file = /tmp/x/userlist.txt", "pool_mode = transaction",
                "default_pool_size = 20", "max_client_conn = " + SwitchboardYaml.MAX_CLIENTS,
                "client_tls_sslmode = allow", "client_tls_cert_file = /b/server.crt",
                "client_tls_key_file = /b/server.key", "server_tls_sslmode = disable"}) {
            assertTrue(ini.contains(line), line + " missing in\n" + ini);
        }
        assertFalse(ini.contains("max_prepared_statements"), ini);
    }

    @Test
    void unixSocketForClientsAndADatabaseOnPostgresSocketWithTheSameTables() {
        String ini = PgBouncerIni.render(6433, SOCKET_DIR, "127.0.0.1", 5433, PG_SOCKET_DIR, Credentials.APP, 20,
                "/u", false, TLS);
        assertTrue(ini.contains("\nunix_socket_dir = /tmp/b/socket\n"), ini);
        // The same PostgreSQL database as app (pgbench -i's tables), reached as libpq's host=<dir>; pool settings
        // are the defaults both databases share.
        assertTrue(ini.contains("\napp_unix = host=/tmp/pg/node0 port=5433 dbname=app\n"), ini);
    }

    @Test
    void preparedStatementsOnlyWhenAsked() {
        String ini = PgBouncerIni.render(6433, SOCKET_DIR, "127.0.0.1", 5433, PG_SOCKET_DIR, Credentials.APP, 20,
                "/u", true, TLS);
        assertTrue(ini.contains("max_prepared_statements = 1000\n"), ini);
    }

    @Test
    void userlistQuotesNameAndPassword() {
        assertEquals("\"app\" \"app\"\n", PgBouncerIni.userlist(Credentials.APP));
    }

    @Test
    void versionComparison() {
        assertTrue(PgBouncerBinary.atLeast("PgBouncer 1.21.0", 1, 21));
        assertTrue(PgBouncerBinary.atLeast("PgBouncer 1.24", 1, 21));
        assertTrue(PgBouncerBinary.atLeast("PgBouncer 2.0.1", 1, 21));
        assertFalse(PgBouncerBinary.atLeast("PgBouncer 1.18.0", 1, 21));
        assertFalse(PgBouncerBinary.atLeast("something else", 1, 21));
    }
}
