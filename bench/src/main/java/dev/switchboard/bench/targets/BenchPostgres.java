// BenchPostgres: the PostgreSQL every target sits in front of — started, given a role and pgbench tables, stopped.
package dev.switchboard.bench.targets;

import dev.switchboard.bench.scenarios.Pgbench;
import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;

/**
 * One embedded PostgreSQL with {@code max_connections} 1200, so direct runs of 1000 clients fit. The
 * bench role logs in with md5 everywhere (PostgreSQL, Switchboard and PgBouncer), so the connection
 * storm compares the same authentication work.
 */
public final class BenchPostgres implements AutoCloseable {
    /** Direct connections above this are refused by PostgreSQL; such runs are reported as not applicable. */
    public static final int MAX_CONNECTIONS = 1200;

    private final PgCluster cluster;

    private BenchPostgres(PgCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts PostgreSQL, creates the role and database of {@code credentials} and runs {@code pgbench -i}. */
    public static BenchPostgres start(Credentials credentials, Pgbench pgbench, int scale) {
        PgCluster cluster = PgCluster.builder()
                .setting("max_connections", Integer.toString(MAX_CONNECTIONS))
                .setting("password_encryption", "md5")
                .hba("host all " + credentials.user() + " 127.0.0.1/32 md5")
                .start();
        try {
            PgNode node = cluster.primary();
            node.execute("CREATE ROLE " + credentials.user() + " LOGIN PASSWORD '" + credentials.password() + "'");
            node.execute("CREATE DATABASE " + credentials.database() + " OWNER " + credentials.user());
            pgbench.initialize(node.host(), node.port(), scale);
            return new BenchPostgres(cluster);
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

    /** {@code SHOW server_version}. */
    public String version() {
        return cluster.primary().queryValue("SHOW server_version");
    }

    /** PostgreSQL itself as a target. */
    public Target direct() {
        return new DirectTarget(host(), port());
    }

    @Override
    public void close() {
        cluster.close();
    }
}
