// The one checked failure of a SCRAM exchange: a malformed message or a failed authentication.
package dev.switchboard.protocol.auth;

/**
 * A SCRAM exchange cannot continue. {@link #authenticationFailed()} tells a wrong password (or a server
 * that does not know it) apart from a message that breaks the protocol, so that callers can answer with
 * SQLSTATE 28P01 for the first and 08P01 for the second.
 */
public final class ScramException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean authenticationFailed;

    /**
     * @param message              what went wrong; never contains a password, proof or key
     * @param authenticationFailed true when the credentials were wrong, false when a message was malformed
     */
    public ScramException(String message, boolean authenticationFailed) {
        super(message);
        this.authenticationFailed = authenticationFailed;
    }

    /** A message did not follow RFC 5802 (or used a feature we do not offer). */
    static ScramException malformed(String message) {
        return new ScramException(message, false);
    }

    /** The proof or signature did not verify. */
    static ScramException failed(String message) {
        return new ScramException(message, true);
    }

    /** True when the credentials were wrong; false when a message was malformed or unsupported. */
    public boolean authenticationFailed() {
        return authenticationFailed;
    }
}
