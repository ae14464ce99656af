// SwitchboardYaml: the proxy configuration the bench runs Switchboard with.
package dev.switchboard.bench.targets;

/** Transaction pooling, the same pool size as PgBouncer, md5 client authentication. */
public final class SwitchboardYaml {
    private SwitchboardYaml() {
    }

    /** Room for 10,000 idle clients plus the load driver's own connections. */
    static final int MAX_CLIENTS = 12_000;

    public static String render(int listenPort, String pgHost, int pgPort, Credentials c, int poolSize) {
        return """
                listen: { address: 127.0.0.1, port: %d, max_client_connections: %d }
                pool: { mode: transaction, size: %d }
                clusters:
                  bench:
                    nodes: [ "%s:%d" ]
                databases:
                  %s: { cluster: bench, dbname: %s }
                users:
                  - { name: %s, password: %s, auth: md5 }
                """.formatted(listenPort, MAX_CLIENTS, poolSize, pgHost, pgPort, c.database(), c.database(),
                c.user(), c.password());
    }
}
