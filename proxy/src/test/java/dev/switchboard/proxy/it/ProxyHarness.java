// ProxyHarness: the proxy in-process on a free port, configured inline, in front of the shared test cluster.
package dev.switchboard.proxy.it;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.pooling.Pool;
import dev.switchboard.proxy.SwitchboardServer;
import dev.switchboard.proxy.backend.ServerConn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** One running proxy; {@link #close()} stops it. */
public final class ProxyHarness implements AutoCloseable {
    private final SwitchboardServer server;

    private ProxyHarness(SwitchboardServer server) {
        this.server = server;
    }

    /** Starts a proxy from a YAML document; {@code ${PRIMARY}} expands to the shared cluster's primary "host:port". */
    public static ProxyHarness start(String yaml) {
        try {
            // Only a configuration that names the shared cluster starts it.
            String expanded = yaml.contains("${PRIMARY}") ? yaml.replace("${PRIMARY}", TestCluster.primaryAddress()) : yaml;
            return new ProxyHarness(SwitchboardServer.start(ConfigLoader.parse(expanded, "test.yaml", Map.of())));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the proxy: " + e.getMessage(), e);
        }
    }

    /** The default test proxy ({@link ProxyConfig}): session mode, database "app" on the primary, the test users. */
    public static ProxyHarness startDefault() {
        return config().start();
    }

    /** The default test configuration, for a test to change what it is about and {@link ProxyConfig#start()}. */
    public static ProxyConfig config() {
        return new ProxyConfig();
    }

    public int port() {
        return server.port();
    }

    public SwitchboardServer server() {
        return server;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A libpq connection URI for psql and pgbench. */
    public String uri(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + port() + "/" + database + "?sslmode=disable";
    }

    public Connection connect(String user, String password) throws SQLException {
        return connect(user, password, new Properties());
    }

    public Connection connect(String user, String password, Properties extra) throws SQLException {
        return connect("app", user, password, extra);
    }

    /** A pgJDBC connection to {@code database} with {@code extra} properties. */
    public Connection connect(String database, String user, String password, Properties extra) throws SQLException {
        Properties props = new Properties();
        props.putAll(extra);
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Server connections leased to clients right now, over every pool. */
    public int activeLeases() {
        return server.context().allPools().stream().mapToInt(Pool::activeCount).sum();
    }

    /** Server connections idle in their pools right now, over every pool. */
    public int idleServers() {
        return server.context().allPools().stream().mapToInt(Pool::idleCount).sum();
    }

    /** Waits until every lease is back in its pool: what a test checks after its clients have gone. */
    public void awaitLeasesReturned(Duration timeout) {
        Await.until(() -> "every lease returned; pools: " + server.context().allPools(), timeout,
                () -> activeLeases() == 0);
    }

    /** Fails when a pool holds more server connections than {@code size}. */
    public void assertPoolsWithin(int size) {
        for (Pool<ServerConn> pool : server.context().allPools()) {
            if (pool.totalCount() > size) {
                throw new AssertionError("a pool holds more than " + size + " server connections: " + pool);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
