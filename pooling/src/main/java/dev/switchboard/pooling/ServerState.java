// The states of a pooled server connection and which moves between them are legal.
package dev.switchboard.pooling;

/** Each state except NEW and CLOSED is a list in {@link ServerLists}. */
enum ServerState {
    /** Created, not yet on any list. */
    NEW,
    /** A slot is taken and the connector is opening the connection. */
    CONNECTING,
    /** Connected and free. */
    IDLE,
    /** Leased to a client. */
    ACTIVE,
    /** Gone for good: failed to connect, discarded, expired or closed with the pool. */
    CLOSED;

    boolean canMoveTo(ServerState next) {
        return switch (this) {
            case NEW -> next == CONNECTING;
            case CONNECTING -> next == IDLE || next == ACTIVE || next == CLOSED;
            case IDLE -> next == ACTIVE || next == CLOSED;
            case ACTIVE -> next == IDLE || next == CLOSED;
            case CLOSED -> false;
        };
    }
}
