// ListenerHubException: why a LISTEN through a listener hub failed, with the SQLSTATE a client should see.
package dev.switchboard.proxy.notify;

import dev.switchboard.protocol.backend.ErrorResponse;

/** A listener hub could not connect, lost its server, or PostgreSQL refused a command. */
public final class ListenerHubException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorResponse error;

    ListenerHubException(ErrorResponse error, String context) {
        super(context + ": " + error.severity() + " " + error.sqlState() + " " + error.message());
        this.error = error;
    }

    ListenerHubException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.error = ErrorResponse.error(sqlState, message);
    }

    /** The SQLSTATE: PostgreSQL's own when it refused the command, 08006 when the hub has no server. */
    public String sqlState() {
        return error.sqlState();
    }

    /** The error as PostgreSQL sent it, or one made by the hub; suitable to relay to the client. */
    public ErrorResponse error() {
        return error;
    }
}
