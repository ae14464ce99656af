// HubStateTest: the listener hub's legal moves, all of them, and that every other move is refused.
package dev.switchboard.proxy.notify;

import static dev.switchboard.proxy.notify.HubState.CLOSED;
import static dev.switchboard.proxy.notify.HubState.CONNECTING;
import static dev.switchboard.proxy.notify.HubState.IDLE;
import static dev.switchboard.proxy.notify.HubState.LISTENING;
import static dev.switchboard.proxy.notify.HubState.RECONNECTING;
import static dev.switchboard.proxy.notify.HubState.RETRY_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubStateTest {

    private static final Map<HubState, Set<HubState>> LEGAL = Map.of(
            IDLE, EnumSet.of(CONNECTING, CLOSED),
            CONNECTING, EnumSet.of(LISTENING, IDLE, CLOSED),
            LISTENING, EnumSet.of(RETRY_WAIT, IDLE, CLOSED),
            RETRY_WAIT, EnumSet.of(RECONNECTING, IDLE, CLOSED),
            RECONNECTING, EnumSet.of(LISTENING, RETRY_WAIT, IDLE, CLOSED),
            CLOSED, EnumSet.noneOf(HubState.class));

    @Test
    void exactlyTheLegalMovesAreAllowed() {
        for (HubState from : HubState.values()) {
            for (HubState to : HubState.values()) {
                assertEquals(LEGAL.get(from).contains(to), from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void aServerExactlyWhileListening() {
        for (HubState state : HubState.values()) {
            assertEquals(state == LISTENING, state.hasServer(), state.name());
            assertEquals(EnumSet.of(CONNECTING, RETRY_WAIT, RECONNECTING).contains(state), state.awaitsServer(),
                    state.name());
        }
    }
}
