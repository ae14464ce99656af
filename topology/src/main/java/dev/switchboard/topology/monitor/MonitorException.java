// MonitorException: why the monitor's connection to a node failed, with the SQLSTATE that says what kind of failure.
package dev.switchboard.topology.monitor;

import dev.switchboard.protocol.backend.ErrorResponse;
import java.io.IOException;

/**
 * A failure of a {@link MonitorConnection}. When the server refused something, {@link #sqlState()} and the
 * message are the server's ({@code 28P01} for a wrong password, {@code 57P01} on shutdown, ...); failures
 * found on this side carry the SQLSTATE a client library would report ({@code 08001} cannot connect,
 * {@code 08006} connection lost or timed out, {@code 08P01} the server broke the protocol, {@code 28000}
 * a login this side cannot perform).
 */
public final class MonitorException extends IOException {

    private static final long serialVersionUID = 1L;

    /** sqlclient_unable_to_establish_sqlconnection. */
    static final String CANNOT_CONNECT = "08001";
    /** connection_failure. */
    static final String CONNECTION_FAILURE = "08006";
    /** protocol_violation. */
    static final String PROTOCOL_VIOLATION = "08P01";
    /** invalid_authorization_specification. */
    static final String INVALID_AUTHORIZATION = "28000";
    /** invalid_password. */
    static final String INVALID_PASSWORD = "28P01";

    private final String sqlState;
    private final boolean fromServer;
    private final boolean fatal;

    private MonitorException(String sqlState, String message, boolean fromServer, boolean fatal, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.fromServer = fromServer;
        this.fatal = fatal;
    }

    /** A failure detected on this side; the connection cannot be used after it. */
    static MonitorException local(String sqlState, String message, Throwable cause) {
        return new MonitorException(sqlState, message, false, true, cause);
    }

    /** An ErrorResponse of {@code node}, e.g. "127.0.0.1:5432: FATAL 28P01 password authentication failed ...". */
    static MonitorException server(String node, ErrorResponse error) {
        String severity = error.severity() == null ? "ERROR" : error.severity();
        String sqlState = error.sqlState() == null ? "XX000" : error.sqlState();
        return new MonitorException(sqlState, node + ": " + severity + " " + sqlState + " " + error.message(), true,
                error.isFatal(), null);
    }

    /** The SQLSTATE: the server's when {@link #fromServer()}, else one chosen for the local failure. */
    public String sqlState() {
        return sqlState;
    }

    /** True when this is an ErrorResponse the server sent. */
    public boolean fromServer() {
        return fromServer;
    }

    /** True when the connection is gone after this failure; false after an ERROR the session survived. */
    public boolean fatal() {
        return fatal;
    }
}
