// SwitchboardYaml: the proxy configuration the bench runs Switchboard with.
package dev.switchboard.bench.targets;

/**
 * Transaction pooling, the same pool size as PgBouncer, md5 client authentication. TLS is offered to clients (the
 * TLS rows ask for it) and never used towards PostgreSQL, as PgBouncer is set up.
 */
public final class SwitchboardYaml {
    private SwitchboardYaml() {
    }

    /** Room for 10,000 idle clients plus the load driver's own connections. */
    static final int MAX_CLIENTS = 12_000;

    public static String render(int listenPort, String pgHost, int pgPort, Credentials c, int poolSize,
                                ClientTlsFiles tls) {
        return """
                listen: { address: 127.0.0.1, port: %d, max_client_connections: %d }
                tls:
                  client: { mode: allow, cert_file: "%s", key_file: "%s" }
                  server: { mode: disable }
                pool: { mode: transaction, size: %d }
                clusters:
                  bench:
                    nodes: [ "%s:%d" ]
                databases:
                  %s: { cluster: bench, dbname: %s }
                users:
                  - { name: %s, password: %s, auth: md5 }
                """.formatted(listenPort, MAX_CLIENTS, tls.certFile(), tls.keyFile(), poolSize, pgHost, pgPort, c.database(), c.database(),
                c.user(), c.password());
    }
}
