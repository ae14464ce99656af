// JdbcSide: one of a client's two pgJDBC connections — through the proxy, or its twin straight to PostgreSQL.
package dev.switchboard.proxy.it.stress;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Holds the current connection; a step may close it, abandon it mid-transaction or open a new one. */
final class JdbcSide {
    private final String name;
    private final String url;
    private final String dbname;
    private final Properties base;
    private final boolean direct;
    private Connection connection;

    /**
     * @param dbname the real database this side's sessions are in (for finding them in pg_stat_activity)
     * @param base   properties every connection of this side gets (user, password, socket factory)
     */
    JdbcSide(String name, String url, String dbname, Properties base, boolean direct) {
        this.name = name;
        this.direct = direct;
        this.url = url;
        this.dbname = dbname;
        this.base = base;
    }

    String name() {
        return name;
    }

    /** The twin straight to PostgreSQL, whose answers are the reference. */
    boolean direct() {
        return direct;
    }

    String dbname() {
        return dbname;
    }

    /** Opens a new connection with {@code startup} (prepareThreshold, options, ApplicationName…) added. */
    void connect(Properties startup) throws SQLException {
        Properties props = new Properties();
        props.putAll(base);
        props.putAll(startup);
        connection = DriverManager.getConnection(url, props);
    }

    Connection connection() {
        return connection;
    }

    /** Closes the socket without a Terminate, whatever is in progress (a client that just goes away). */
    void abandon() throws SQLException {
        if (connection != null) {
            connection.abort(Runnable::run);
            connection = null;
        }
    }

    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a broken connection: nothing left to release on our side.
            }
            connection = null;
        }
    }
}
