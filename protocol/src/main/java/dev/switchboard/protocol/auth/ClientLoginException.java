// ClientLoginException: a login to PostgreSQL cannot go on, with the SQLSTATE a client library would report.
package dev.switchboard.protocol.auth;

/**
 * The client side of a login refused to continue: {@code 28000} for a method or credential this side cannot
 * use or a server whose SCRAM signature is wrong, {@code 28P01} when the server refused our SCRAM proof,
 * {@code 08P01} when the server broke the protocol, e.g. ended SCRAM without proving it knows the password.
 * The message never contains a password, proof or key, nor the server's address (callers add it).
 */
public final class ClientLoginException extends Exception {

    private static final long serialVersionUID = 1L;

    /** protocol_violation. */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** invalid_authorization_specification. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** invalid_password. */
    public static final String INVALID_PASSWORD = "28P01";

    private final String sqlState;

    ClientLoginException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** One of {@link #PROTOCOL_VIOLATION}, {@link #INVALID_AUTHORIZATION}, {@link #INVALID_PASSWORD}. */
    public String sqlState() {
        return sqlState;
    }
}
