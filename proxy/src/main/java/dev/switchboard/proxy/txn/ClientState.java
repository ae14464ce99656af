// ClientState: where a transaction-mode client's side of the conversation is, and the moves it may make.
package dev.switchboard.proxy.txn;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** One place per state; {@link #moveTo} refuses a move the link should never make. */
enum ClientState {
    /** The first server is being brought to the client's settings; the client has not been greeted. */
    STARTING,
    /** Requests are routed to a server. */
    ACTIVE,
    /** The client's next request gets an error instead of a server (its transaction was lost, or no server could be had). */
    OWES_ERROR,
    /** The client's messages are dropped up to its Sync, which is answered here (its batch failed without a server). */
    SKIPPING_TO_SYNC,
    /** Its socket is on its way to a successor process: nothing is read or written here any more, unless sending fails. */
    MOVING,
    /** The client left or was closed. */
    ENDED;

    private static final Map<ClientState, Set<ClientState>> MOVES = new EnumMap<>(ClientState.class);

    static {
        MOVES.put(STARTING, EnumSet.of(ACTIVE, ENDED));
        MOVES.put(ACTIVE, EnumSet.of(OWES_ERROR, SKIPPING_TO_SYNC, MOVING, ENDED));
        MOVES.put(MOVING, EnumSet.of(ACTIVE, ENDED));
        MOVES.put(OWES_ERROR, EnumSet.of(ACTIVE, SKIPPING_TO_SYNC, ENDED));
        MOVES.put(SKIPPING_TO_SYNC, EnumSet.of(ACTIVE, ENDED));
        MOVES.put(ENDED, EnumSet.noneOf(ClientState.class));
    }

    /** The state after moving to {@code next}; {@code who} names the client in the refusal. */
    ClientState moveTo(ClientState next, Object who) {
        if (!MOVES.get(this).contains(next)) {
            throw new IllegalStateException("client " + who + " cannot move from " + this + " to " + next);
        }
        return next;
    }

    /** Greeted and not ended: requests are handled (routed, refused or answered here). */
    boolean started() {
        return this != STARTING && this != ENDED;
    }
}
