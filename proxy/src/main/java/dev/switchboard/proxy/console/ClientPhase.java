// ClientPhase: where a logged-in client is, as SHOW CLIENTS names it, and the moves between those states.
package dev.switchboard.proxy.console;

/** PgBouncer's client states that apply here; a client is listed from authentication until it leaves. */
public enum ClientPhase {
    /** Authenticated, waiting for its first server connection. */
    WAITING("waiting"),
    /** Its session runs (PgBouncer's "active"; a console client is always here), with a server when pooled per transaction. */
    ACTIVE("active"),
    /** Pooled per transaction and between transactions: it holds no server. */
    IDLE("idle"),
    /** Gone: no longer listed. */
    GONE("gone");

    private final String label;

    ClientPhase(String label) {
        this.label = label;
    }

    /** The state column of SHOW CLIENTS. */
    public String label() {
        return label;
    }

    /** The one transition function: refuses a move back to WAITING, and any move out of GONE. */
    public ClientPhase next(ClientPhase to) {
        boolean legal = switch (this) {
            case WAITING -> to == ACTIVE || to == GONE;
            case ACTIVE -> to == IDLE || to == GONE;
            case IDLE -> to == ACTIVE || to == GONE;
            case GONE -> false;
        };
        if (!legal) {
            throw new IllegalStateException("client cannot move from " + this + " to " + to);
        }
        return to;
    }
}
