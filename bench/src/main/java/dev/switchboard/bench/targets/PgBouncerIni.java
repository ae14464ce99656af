// PgBouncerIni: pgbouncer.ini and userlist.txt matching Switchboard's pool settings.
package dev.switchboard.bench.targets;

import java.nio.file.Path;

/**
 * Transaction pooling, the same pool size, md5 client authentication, quiet connection logging; TLS offered to clients
 * ({@code client_tls_sslmode = allow}), none towards PostgreSQL. Clients reach it on TCP and on a Unix socket; the
 * database {@link Credentials#unixDatabase()} reaches PostgreSQL over its Unix socket, as Switchboard's does.
 */
public final class PgBouncerIni {
    private PgBouncerIni() {
    }

    /**
     * The configuration file.
     *
     * @param preparedStatements whether to set {@code max_prepared_statements} (PgBouncer 1.21 and later;
     *                           older versions refuse unknown keys)
     */
    public static String render(int listenPort, Path socketDir, String pgHost, int pgPort, Path pgSocketDir,
                                Credentials c, int poolSize, String userlistPath, boolean preparedStatements,
                                ClientTlsFiles tls) {
        // Connection logging is off: each log line is a write() in the storm, and Switchboard does not log them.
        return """
                [databases]
                %s = host=%s port=%d dbname=%s
                %s = host=%s port=%d dbname=%s

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir = %s
                auth_type = md5
                auth_file = %s
                pool_mode = transaction
                default_pool_size = %d
                max_client_conn = %d
                log_connections = 0
                log_disconnections = 0
                ignore_startup_parameters = extra_float_digits
                client_tls_sslmode = allow
                client_tls_cert_file = %s
                client_tls_key_file = %s
                server_tls_sslmode = disable
                """.formatted(c.database(), pgHost, pgPort, c.database(), c.unixDatabase(), pgSocketDir, pgPort,
                c.database(), listenPort, socketDir, userlistPath, poolSize,
                SwitchboardYaml.MAX_CLIENTS, tls.certFile(), tls.keyFile())
                + (preparedStatements ? "max_prepared_statements = 1000\n" : "");
    }

    /** One line per user: {@code "name" "password"}; a plain password works for md5 both ways. */
    public static String userlist(Credentials c) {
        return "\"" + c.user() + "\" \"" + c.password() + "\"\n";
    }
}
