// An ErrorResponse from PostgreSQL (or a refused authentication), raised by the embedded client.
package dev.switchboard.embedded;

/**
 * An error reported by a PostgreSQL server to {@link MiniPgClient}: carries the SQLSTATE, the severity
 * and the server's message text. {@link #getMessage()} reads "SEVERITY SQLSTATE: message".
 */
public final class PgException extends RuntimeException {

    private final String sqlState;
    private final String severity;
    private final String serverMessage;
    private final String detail;

    /** Creates an exception from the fields of an ErrorResponse (any of them may be null). */
    public PgException(String severity, String sqlState, String serverMessage, String detail) {
        super(format(severity, sqlState, serverMessage, detail));
        this.sqlState = sqlState;
        this.severity = severity;
        this.serverMessage = serverMessage;
        this.detail = detail;
    }

    private static String format(String severity, String sqlState, String message, String detail) {
        String text = (severity == null ? "ERROR" : severity) + " " + sqlState + ": " + message;
        return detail == null ? text : text + " (" + detail + ")";
    }

    /** The five-character SQLSTATE, e.g. {@code 42P01}. */
    public String sqlState() {
        return sqlState;
    }

    /** The non-localized severity: ERROR, FATAL or PANIC. */
    public String severity() {
        return severity;
    }

    /** The primary message text as the server wrote it. */
    public String message() {
        return serverMessage;
    }

    /** The DETAIL field, or null. */
    public String detail() {
        return detail;
    }
}
