// PatroniClusterIT: the Patroni test harness itself: a leader and a streaming replica, a switchover, a clean close.
package dev.switchboard.proxy.it.patroni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatroniClusterIT {

    @Test
    void leaderAndReplicaSwapOnSwitchover() throws Exception {
        Path runDir;
        List<Integer> pgPorts;
        try (PatroniCluster cluster = new PatroniCluster()) {
            runDir = cluster.runDir();
            cluster.start();

            PatroniMember n1 = cluster.leader();
            PatroniMember n2 = cluster.member("n2");
            assertEquals("n1", n1.name(), "the first node started bootstraps and leads");
            assertEquals("replica", n2.role());
            assertEquals(List.of(n1.restUrl(), n2.restUrl()), cluster.restUrls());
            pgPorts = List.of(n1.pgPort(), n2.pgPort());
            assertEquals("f", superuserQuery(cluster, n1, "select pg_is_in_recovery()"));
            assertEquals("t", superuserQuery(cluster, n2, "select pg_is_in_recovery()"));

            try (Connection app = cluster.connect(n1, PatroniCluster.APP_USER, PatroniCluster.APP_PASSWORD,
                    PatroniCluster.APP_DATABASE)) {
                assertEquals(String.valueOf(n1.pgPort()), query(app, "select inet_server_port()"));
                try (Statement st = app.createStatement()) {
                    st.execute("create table before_switchover (id int primary key)");
                }
                assertEquals("1", query(app, "insert into before_switchover values (1) returning id"));
            }

            cluster.switchover("n2");
            PatroniMember newLeader = cluster.awaitLeader("n2", PatroniCluster.ROLE_CHANGE_TIMEOUT);
            PatroniMember oldLeader = cluster.awaitStreaming("n1", PatroniCluster.ROLE_CHANGE_TIMEOUT);
            assertEquals(n2.pgPort(), newLeader.pgPort());
            assertEquals("replica", oldLeader.role());
            assertEquals("f", superuserQuery(cluster, newLeader, "select pg_is_in_recovery()"));
            assertEquals("t", superuserQuery(cluster, oldLeader, "select pg_is_in_recovery()"));

            // The new leader has what the old one committed, and takes writes as app.
            try (Connection app = cluster.connect(newLeader, PatroniCluster.APP_USER, PatroniCluster.APP_PASSWORD,
                    PatroniCluster.APP_DATABASE)) {
                assertEquals("2", query(app, "insert into before_switchover values (2) returning "
                        + "(select count(*) from before_switchover) + 1"));
            }
            // The old leader is read-only now.
            try (Connection app = cluster.connect(oldLeader, PatroniCluster.APP_USER, PatroniCluster.APP_PASSWORD,
                    PatroniCluster.APP_DATABASE)) {
                SQLException e = assertThrows(SQLException.class,
                        () -> query(app, "insert into before_switchover values (3) returning id"));
                assertEquals("25006", e.getSQLState(), e.getMessage());
            }
        }

        assertFalse(Files.exists(runDir), "close() deletes the run directory");
        for (int port : pgPorts) {
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                    "PostgreSQL on port " + port + " stopped by close()");
        }
    }

    private static String superuserQuery(PatroniCluster cluster, PatroniMember member, String sql) throws SQLException {
        try (Connection c = cluster.connectSuperuser(member, "postgres")) {
            return query(c, sql);
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from: " + sql);
            }
            return rs.getString(1);
        }
    }
}
