// BenchPostgres: the PostgreSQL every target sits in front of — started, given a role and pgbench tables, stopped.
package dev.switchboard.bench.targets;

import dev.switchboard.bench.scenarios.Pgbench;
import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;
import java.nio.file.Path;

/**
 * One embedded PostgreSQL with {@code max_connections} 1200, so direct runs of 1000 clients fit. The
 * bench role logs in with md5 everywhere (PostgreSQL on TCP and on its Unix socket, Switchboard and
 * PgBouncer), so the connection storm compares the same authentication work.
 */
public final class BenchPostgres implements AutoCloseable {
    /** Direct connections above this are refused by PostgreSQL; such runs are reported as not applicable. */
    public static final int MAX_CONNECTIONS = 1200;

    private final PgCluster cluster;
    private final Credentials credentials;

    private BenchPostgres(PgCluster cluster, Credentials credentials) {
        this.cluster = cluster;
        this.credentials = credentials;
    }

    /** Starts PostgreSQL, creates the role and database of {@code credentials} and runs {@code pgbench -i}. */
    public static BenchPostgres start(Credentials credentials, Pgbench pgbench, int scale) {
        PgCluster cluster = PgCluster.builder()
                .setting("max_connections", Integer.toString(MAX_CONNECTIONS))
                .setting("password_encryption", "md5")
                .hba("host all " + credentials.user() + " 127.0.0.1/32 md5")
                .hba("local all " + credentials.user() + " md5")
                .start();
        try {
            PgNode node = cluster.primary();
            node.execute("CREATE ROLE " + credentials.user() + " LOGIN PASSWORD '" + credentials.password() + "'");
            node.execute("CREATE DATABASE " + credentials.database() + " OWNER " + credentials.user());
            pgbench.initialize(node.host(), node.port(), scale);
            return new BenchPostgres(cluster, credentials);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String host() {
        return cluster.primary().host();
    }

    public int port() {
        return cluster.primary().port();
    }

    /**
     * The directory of PostgreSQL's own Unix socket ({@code .s.PGSQL.<port>}): the embedded node's directory, under
     * java.io.tmpdir, private to the user PostgreSQL runs as (PgBouncer runs as that user too).
     */
    public Path socketDir() {
        return cluster.primary().nodeDir();
    }

    /** {@code SHOW server_version}. */
    public String version() {
        return cluster.primary().queryValue("SHOW server_version");
    }

    /** PostgreSQL itself as a target; over its Unix socket clients ask for the bench database itself. */
    public Target direct() {
        return new DirectTarget(host(), port(), new UnixSocket(socketDir(), port(), credentials.database()));
    }

    @Override
    public void close() {
        cluster.close();
    }
}
