// GiverPhase: where the running process stands in a handoff, and the moves it may make.
package dev.switchboard.proxy.handoff;

/** One place per phase; {@link #moveTo} refuses a move the giver should never make. */
enum GiverPhase {
    /** No successor: serving as usual. */
    SERVING,
    /** One of the successor's two connections said hello. */
    TAKER_CONNECTING,
    /** Sockets and clients are going to the successor. */
    HANDING_OVER,
    /** Done: what stayed is drained; a second successor is refused. */
    HANDED_OVER;

    GiverPhase moveTo(GiverPhase next) {
        boolean legal = switch (this) {
            case SERVING -> next == TAKER_CONNECTING;
            case TAKER_CONNECTING -> next == HANDING_OVER || next == SERVING;
            case HANDING_OVER -> next == HANDED_OVER || next == SERVING; // SERVING: it left before the listeners
            case HANDED_OVER -> false;
        };
        if (!legal) {
            throw new IllegalStateException("the handoff cannot move from " + this + " to " + next);
        }
        return next;
    }
}
