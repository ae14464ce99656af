// ClusterHoldTest: every move of a cluster's hold state, and the gate its held requests wait on.
package dev.switchboard.proxy.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.proxy.topology.ClusterHold.Event;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClusterHoldTest {

    /** The whole table: each state's allowed moves; every other event is refused. */
    private static final Map<ClusterHold, Map<Event, ClusterHold>> ALLOWED = new EnumMap<>(Map.of(
            ClusterHold.OPEN, Map.of(Event.PAUSE, ClusterHold.PAUSED, Event.SWITCHOVER, ClusterHold.DRAINING),
            ClusterHold.PAUSED, Map.of(Event.RESUME, ClusterHold.OPEN),
            ClusterHold.DRAINING, Map.of(Event.DRAINED, ClusterHold.PROMOTING, Event.FAILED, ClusterHold.OPEN),
            ClusterHold.PROMOTING, Map.of(Event.PROMOTED, ClusterHold.OPEN, Event.FAILED, ClusterHold.OPEN)));

    @Test
    void everyMoveIsAllowedOrRefusedAsTheTableSays() {
        for (ClusterHold state : ClusterHold.values()) {
            for (Event event : Event.values()) {
                ClusterHold expected = ALLOWED.get(state).get(event);
                if (expected != null) {
                    assertEquals(expected, state.on(event), state + " on " + event);
                } else {
                    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> state.on(event),
                            state + " on " + event);
                    assertFalse(refused.getMessage().isBlank());
                }
            }
        }
    }

    @Test
    void refusalsSayWhy() {
        assertEquals("is already paused", refusal(ClusterHold.PAUSED, Event.PAUSE));
        assertEquals("is not paused", refusal(ClusterHold.OPEN, Event.RESUME));
        assertEquals("has a switchover in progress", refusal(ClusterHold.DRAINING, Event.PAUSE));
        assertEquals("has a switchover in progress", refusal(ClusterHold.PROMOTING, Event.SWITCHOVER));
        assertEquals("is paused; RESUME it first", refusal(ClusterHold.PAUSED, Event.SWITCHOVER));
    }

    private static String refusal(ClusterHold state, Event event) {
        return assertThrows(IllegalStateException.class, () -> state.on(event)).getMessage();
    }

    @Test
    void onlyOpenLetsTransactionsRun() {
        for (ClusterHold state : ClusterHold.values()) {
            assertEquals(state != ClusterHold.OPEN, state.holds(), state.name());
        }
    }

    @Test
    void aSwitchoverClosesTheGateAndItsEndOpensIt() {
        HoldGate hold = new HoldGate();
        assertNull(hold.gate(), "an open cluster has no gate: requests choose at once");
        hold.apply(Event.SWITCHOVER);
        CompletableFuture<Void> gate = hold.gate();
        assertNotNull(gate);
        hold.apply(Event.DRAINED);
        assertSame(gate, hold.gate(), "draining and promoting hold behind the same gate");
        assertFalse(gate.isDone());
        hold.apply(Event.PROMOTED);
        assertTrue(gate.isDone() && !gate.isCompletedExceptionally(), "held requests go on to choose a node");
        assertNull(hold.gate());
        assertEquals(ClusterHold.OPEN, hold.state());
    }

    @Test
    void aFailedSwitchoverOpensTheGateToo() {
        HoldGate hold = new HoldGate();
        hold.apply(Event.SWITCHOVER);
        CompletableFuture<Void> gate = hold.gate();
        hold.apply(Event.FAILED);
        assertTrue(gate.isDone() && !gate.isCompletedExceptionally());
        assertEquals(ClusterHold.OPEN, hold.state());
    }

    @Test
    void aRefusedMoveChangesNothing() {
        HoldGate hold = new HoldGate();
        hold.apply(Event.PAUSE);
        CompletableFuture<Void> gate = hold.gate();
        assertThrows(IllegalStateException.class, () -> hold.apply(Event.SWITCHOVER));
        assertEquals(ClusterHold.PAUSED, hold.state());
        assertSame(gate, hold.gate());
        hold.apply(Event.RESUME);
        assertTrue(gate.isDone());
    }
}
