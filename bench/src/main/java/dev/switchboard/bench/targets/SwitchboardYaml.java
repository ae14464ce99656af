// SwitchboardYaml: the proxy configuration the bench runs Switchboard with.
package dev.switchboard.bench.targets;

import java.nio.file.Path;

/**
 * Transaction pooling, the same pool size as PgBouncer, md5 client authentication. TLS is offered to clients (the
 * TLS rows ask for it) and never used towards PostgreSQL, as PgBouncer is set up. Clients reach it on TCP and on a
 * Unix socket; the database {@link Credentials#unixDatabase()} reaches PostgreSQL over its Unix socket, so the unix
 * rows have both legs on sockets.
 */
public final class SwitchboardYaml {
    private SwitchboardYaml() {
    }

    /** Room for 10,000 idle clients plus the load driver's own connections. */
    static final int MAX_CLIENTS = 12_000;

    public static String render(int listenPort, Path socketDir, String pgHost, int pgPort, Path pgSocketDir,
                                Credentials c, int poolSize, ClientTlsFiles tls) {
        return """
                listen: { address: 127.0.0.1, port: %d, unix_socket_dir: "%s", max_client_connections: %d }
                tls:
                  client: { mode: allow, cert_file: "%s", key_file: "%s" }
                  server: { mode: disable }
                pool: { mode: transaction, size: %d }
                clusters:
                  bench:
                    nodes: [ "%s:%d" ]
                  bench_unix:
                    nodes: [ "%s:%d" ]
                databases:
                  %s: { cluster: bench, dbname: %s }
                  %s: { cluster: bench_unix, dbname: %s }
                users:
                  - { name: %s, password: %s, auth: md5 }
                """.formatted(listenPort, socketDir, MAX_CLIENTS, tls.certFile(), tls.keyFile(), poolSize,
                pgHost, pgPort, pgSocketDir, pgPort, c.database(), c.database(), c.unixDatabase(), c.database(),
                c.user(), c.password());
    }
}
