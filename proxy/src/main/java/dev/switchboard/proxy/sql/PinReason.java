// PinReason: the kinds of session state the transaction-mode proxy cannot carry between backends.
package dev.switchboard.proxy.sql;

/** Why a client must stay on its backend until the state is gone; {@link #description()} is for logs and SHOW output. */
public enum PinReason {
    /** {@code pg_advisory_lock(...)} and friends at session level (the {@code _xact_} variants end with the transaction). */
    ADVISORY_LOCK("session advisory lock"),
    /** A temporary table, view or sequence (or anything created in {@code pg_temp}). */
    TEMPORARY_TABLE("temporary table"),
    /** {@code DECLARE ... WITH HOLD}: the cursor outlives its transaction. */
    HOLD_CURSOR("WITH HOLD cursor"),
    /** SQL-level {@code PREPARE name AS ...}. */
    SQL_PREPARE("SQL PREPARE"),
    /** {@code SET [SESSION] ROLE} or {@code SET SESSION AUTHORIZATION}. */
    SESSION_AUTHORIZATION("SET ROLE / SESSION AUTHORIZATION"),
    /** {@code SET SESSION CHARACTERISTICS AS TRANSACTION ...}. */
    SESSION_CHARACTERISTICS("SET SESSION CHARACTERISTICS"),
    /** {@code LOAD 'library'}: a loaded library cannot be unloaded. */
    LOAD("LOAD"),
    /**
     * A session-level {@code set_config(...)} whose effect the proxy cannot know: an argument is computed
     * (a column, a parameter, an expression) or the call sits in a query that decides whether it runs.
     */
    SET_CONFIG("set_config with computed arguments");

    private final String description;

    PinReason(String description) {
        this.description = description;
    }

    /** Human-readable cause, e.g. "session advisory lock". */
    public String description() {
        return description;
    }
}
