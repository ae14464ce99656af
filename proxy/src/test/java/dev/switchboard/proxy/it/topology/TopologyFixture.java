// TopologyFixture: a cluster of its own (primary + standbys) and a proxy monitoring all its nodes, for the topology ITs.
package dev.switchboard.proxy.it.topology;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.embedded.PgCluster;
import dev.switchboard.embedded.PgNode;
import dev.switchboard.proxy.it.LeakRecorder;
import dev.switchboard.proxy.it.ProxyHarness;
import dev.switchboard.proxy.it.TestCluster;
import io.micrometer.core.instrument.Gauge;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A topology test changes its cluster for good (a promoted standby, a diverged old primary), so each test
 * class starts its own instead of sharing TestCluster. Role and database {@code app} are made by
 * {@link TestCluster#createApp} (TestCluster's other roles, one per authentication method, are not needed
 * here); default privileges hand every table the superuser creates in {@code app} to {@code app}, so a test
 * builds its schema directly on the primary and uses it through the proxy as {@code app}.
 */
final class TopologyFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** failover.hold_timeout of every topology test's proxy. */
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(10);
    private static final String CLUSTER = "main";
    /** A proxy user that logs in without a password (as app on the servers), for {@link WireClient}. */
    static final String WIRE_USER = "wire";
    /**
     * pgJDBC gives up on an answer after this long: a proxy that never answers fails the test instead of hanging
     * the suite. Far above the failover hold time, which is the longest a statement may rightly wait.
     */
    static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final int standbys;
    private final Map<String, String> settings;
    private PgCluster cluster;
    private ProxyHarness proxy;

    private TopologyFixture(int standbys, Map<String, String> settings) {
        this.standbys = standbys;
        this.settings = Map.copyOf(settings);
    }

    /**
     * For {@code @RegisterExtension static final}: the cluster starts before the class's {@code @BeforeAll}
     * methods run (which set up its schema and proxy) and closes, with the proxy, after its {@code @AfterAll}.
     */
    static TopologyFixture perClass(int standbys) {
        return perClass(standbys, Map.of());
    }

    /** As {@link #perClass(int)}, with PostgreSQL settings over the embedded module's defaults. */
    static TopologyFixture perClass(int standbys, Map<String, String> settings) {
        return new TopologyFixture(standbys, settings);
    }

    /** A started fixture, for a test that manages its lifetime itself ({@link #close()}). */
    static TopologyFixture start(int standbys) {
        TopologyFixture fixture = new TopologyFixture(standbys, Map.of());
        try {
            fixture.startCluster();
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startCluster();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A primary and the standbys, with role and database {@code app}. */
    private void startCluster() {
        PgCluster.Builder builder = PgCluster.builder().standbys(standbys);
        settings.forEach(builder::setting);
        cluster = builder.start();
        PgNode primary = cluster.primary();
        TestCluster.createApp(primary);
        primary.query("app", "ALTER DEFAULT PRIVILEGES FOR ROLE " + cluster.superuser()
                + " IN SCHEMA public GRANT ALL ON TABLES TO app");
        primary.query("app", "ALTER DEFAULT PRIVILEGES FOR ROLE " + cluster.superuser()
                + " IN SCHEMA public GRANT ALL ON SEQUENCES TO app");
        cluster.awaitStandbysCaughtUp();
    }

    PgCluster cluster() {
        return cluster;
    }

    PgNode primary() {
        return cluster.primary();
    }

    PgNode standby(int i) {
        return cluster.standbys().get(i);
    }

    /**
     * Starts the proxy in front of every node: cluster {@code main} polled every 100 ms by the superuser,
     * {@link #HOLD_TIMEOUT}, user {@code app}. {@code pool} is the global pool mapping; each database is one
     * {@code name: { ... }} entry.
     */
    ProxyHarness startProxy(String pool, String... databases) {
        return startProxyWith("", pool, databases);
    }

    /** As {@link #startProxy(String, String...)}, with the HTTP listener (dashboard, metrics) on a free port. */
    ProxyHarness startProxyWithHttp(String pool, String... databases) {
        return startProxyWith("http: { address: 127.0.0.1, port: 0 }", pool, databases);
    }

    /** As {@link #startProxy}, with {@code top} (whole top-level YAML lines, e.g. {@code admin_users}) added. */
    ProxyHarness startProxyWith(String top, String pool, String... databases) {
        String nodes = cluster.nodes().stream().map(node -> "\"" + nodeId(node) + "\"")
                .collect(Collectors.joining(", "));
        String databaseLines = Arrays.stream(databases).map(entry -> "  " + entry)
                .collect(Collectors.joining("\n"));
        proxy = ProxyHarness.start("""
                listen: { address: 127.0.0.1, port: 0 }
                pool: %s
                clusters:
                  %s:
                    nodes: [ %s ]
                    monitor: { interval: 100ms, user: %s }
                    failover: { hold_timeout: %ds }
                databases:
                %s
                users:
                  - { name: app, password: app, auth: scram-sha-256 }
                  - { name: %s, auth: trust, backend_user: app }
                %s
                """.formatted(pool, CLUSTER, nodes, cluster.superuser(), HOLD_TIMEOUT.toSeconds(), databaseLines,
                WIRE_USER, top));
        return proxy;
    }

    ProxyHarness proxy() {
        return proxy;
    }

    /** How the proxy names a node in its topology, logs and metrics. */
    static String nodeId(PgNode node) {
        return node.host() + ":" + node.port();
    }

    /** A pgJDBC connection through the proxy as {@code app} to virtual database {@code database}. */
    Connection connectProxy(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "app");
        props.setProperty("password", "app");
        props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        return DriverManager.getConnection(proxy.jdbcUrl(database), props);
    }

    /** A pgJDBC connection straight to {@code node}'s database {@code app} as the superuser (trusted). */
    Connection connectDirect(PgNode node) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + nodeId(node) + "/app", cluster.superuser(), "");
    }

    /** A libpq URI straight to {@code node}'s database {@code app} as {@code app} (trusted), for pgbench -i. */
    static String directUri(PgNode node) {
        return "postgresql://app@" + nodeId(node) + "/app?sslmode=disable";
    }

    /** The current value of a per-node topology gauge of cluster {@code main}. */
    double nodeGauge(String name, PgNode node) {
        Gauge gauge = proxy.server().context().meters().find(name).tags("cluster", CLUSTER, "node", nodeId(node))
                .gauge();
        assertNotNull(gauge, "no gauge " + name + " for node " + nodeId(node));
        return gauge.value();
    }

    /** Server connections in {@code state} (idle, active, ...) that the proxy's pools hold on {@code node}. */
    double poolConnections(String state, PgNode node) {
        return proxy.server().context().meters().find("switchboard.pool.connections")
                .tags("state", state, "node", nodeId(node)).gauges().stream()
                .mapToDouble(Gauge::value).sum();
    }

    /** The current value of a per-cluster topology gauge of cluster {@code main}. */
    double clusterGauge(String name) {
        Gauge gauge = proxy.server().context().meters().find(name).tags("cluster", CLUSTER).gauge();
        assertNotNull(gauge, "no gauge " + name + " for cluster " + CLUSTER);
        return gauge.value();
    }

    @Override
    public void close() {
        try {
            if (proxy != null) {
                proxy.close();
                proxy = null;
            }
        } finally {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }
        // Failover paths hand buffers around the most: every topology test ends with a leak check.
        LeakRecorder.assertNoLeaks();
    }
}
