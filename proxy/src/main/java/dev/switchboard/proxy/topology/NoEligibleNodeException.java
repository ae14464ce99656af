// NoEligibleNodeException: no node could serve the work within the failover hold time.
package dev.switchboard.proxy.topology;

/** Raised when the hold time passed without a node for the request; carries a SQLSTATE for the client. */
public final class NoEligibleNodeException extends RuntimeException {
    /** cannot_connect_now: the condition is expected to pass (failover, standbys catching up). */
    public static final String SQLSTATE = "57P03";

    public NoEligibleNodeException(String message) {
        super(message, null, false, false);
    }

    public String sqlState() {
        return SQLSTATE;
    }
}
