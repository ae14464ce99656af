// Failure to prepare, start, stop or control an embedded PostgreSQL node or cluster.
package dev.switchboard.embedded;

/**
 * Raised when the embedded module cannot do what was asked of a PostgreSQL process or its files
 * (extraction, initdb, pg_ctl, a readiness deadline). The message names the node and, where a server
 * was involved, ends with the tail of its log.
 */
public final class EmbeddedPostgresException extends RuntimeException {

    /** Creates an exception with a message. */
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
