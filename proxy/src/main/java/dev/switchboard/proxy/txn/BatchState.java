// BatchState: whether the rest of a client's extended-protocol batch goes to its server, and the moves it may make.
package dev.switchboard.proxy.txn;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An extended batch ends at its Sync. Until then, an error decides for the rest of it: PostgreSQL skips every
 * message up to the Sync (a simple Query too) once one failed, and statement mode may refuse the batch itself.
 * Both hold for the pieces of the batch the client has not written yet. One place per state; {@link #moveTo}
 * refuses a move the router should never make.
 */
enum BatchState {
    /** Messages go to the server and are answered by it. */
    FORWARDING,
    /**
     * The batch failed (the server answered an error, or the proxy refused it): the rest is dropped here, as the
     * server skips it, and only the Sync goes. Its ReadyForQuery ends the batch; until then the server owes a
     * reply, so it is not at rest and stays with the client.
     */
    SKIPPING_TO_SYNC;

    private static final Map<BatchState, Set<BatchState>> MOVES = new EnumMap<>(BatchState.class);

    static {
        MOVES.put(FORWARDING, EnumSet.of(SKIPPING_TO_SYNC));
        MOVES.put(SKIPPING_TO_SYNC, EnumSet.of(FORWARDING));
    }

    /** The state after moving to {@code next}; {@code who} names the client in the refusal. */
    BatchState moveTo(BatchState next, Object who) {
        if (!MOVES.get(this).contains(next)) {
            throw new IllegalStateException("batch of client " + who + " cannot move from " + this + " to " + next);
        }
        return next;
    }
}
