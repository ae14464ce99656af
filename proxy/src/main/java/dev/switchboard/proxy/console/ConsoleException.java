// ConsoleException: a console command refused, with PgBouncer's SQLSTATE and words; the session goes on.
package dev.switchboard.proxy.console;

/** Becomes ErrorResponse (ERROR) and ReadyForQuery. */
public final class ConsoleException extends RuntimeException {
    /** PgBouncer's code for every console error but a failed RELOAD. */
    public static final String PROTOCOL_VIOLATION = "08P01";

    private final String sqlState;

    public ConsoleException(String message) {
        this(PROTOCOL_VIOLATION, message);
    }

    public ConsoleException(String sqlState, String message) {
        super(message, null, false, false);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
