// The states of a pooled server connection and which moves between them are legal.
package dev.switchboard.pooling;

/** Each state except NEW and CLOSED is a list in {@link ServerLists}. */
public enum ServerState {
    /** Created, not yet on any list. */
    NEW,
    /** A slot is taken and the connector is opening the connection. */
    CONNECTING,
    /** Connected and free. */
    IDLE,
    /**
     * Promised to one client, running its health check before the hand-off (PgBouncer's "tested"); back to
     * IDLE when the check passes after that client gave up.
     */
    CHECKING,
    /** Leased to a client. */
    ACTIVE,
    /** Gone for good: failed to connect or its check, discarded, expired, evicted or closed with the pool. */
    CLOSED;

    boolean canMoveTo(ServerState next) {
        return switch (this) {
            case NEW -> next == CONNECTING;
            case CONNECTING -> next == IDLE || next == ACTIVE || next == CLOSED;
            case IDLE -> next == ACTIVE || next == CHECKING || next == CLOSED;
            case CHECKING -> next == ACTIVE || next == IDLE || next == CLOSED;
            case ACTIVE -> next == IDLE || next == CLOSED;
            case CLOSED -> false;
        };
    }
}
