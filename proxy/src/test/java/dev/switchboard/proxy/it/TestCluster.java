// TestCluster: one real PostgreSQL cluster (primary + streaming standby) shared by every integration test of the JVM.
package dev.switchboard.proxy.it;

import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;

/**
 * Started on first use and stopped by the embedded module's shutdown hook. Roles: {@code app} (trust
 * from the proxy), {@code app_scram} (SCRAM-SHA-256), {@code app_md5} (md5) and {@code app_clear}
 * (cleartext password) so each backend authentication method is exercised; database {@code app}.
 */
public final class TestCluster {
    private static PgCluster cluster;

    private TestCluster() {
    }

    public static synchronized PgCluster get() {
        if (cluster == null) {
            cluster = PgCluster.builder()
                    .standbys(1)
                    .hba("host all app_scram 127.0.0.1/32 scram-sha-256")
                    .hba("host all app_md5 127.0.0.1/32 md5")
                    .hba("host all app_clear 127.0.0.1/32 password")
                    .start();
            var primary = cluster.primary();
            createApp(primary);
            primary.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE app_scram LOGIN PASSWORD 'app_scram'");
            primary.execute("SET password_encryption = 'md5'; CREATE ROLE app_md5 LOGIN PASSWORD 'app_md5'");
            primary.execute("CREATE ROLE app_clear LOGIN PASSWORD 'app_clear'");
            primary.query("app", "GRANT ALL ON SCHEMA public TO app_scram, app_md5, app_clear");
        }
        return cluster;
    }

    /** Role {@code app} (password {@code app}) and its database {@code app}: what every test cluster serves. */
    public static void createApp(PgNode primary) {
        primary.execute("CREATE ROLE app LOGIN PASSWORD 'app'");
        primary.execute("CREATE DATABASE app OWNER app");
    }

    public static String primaryAddress() {
        var primary = get().primary();
        return primary.host() + ":" + primary.port();
    }
}
