package dev.switchboard.proxy.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A running process hands over once: a successor that left before it began may be followed by another. */
class GiverPhaseTest {

    @Test
    void theGiverMovesOnlyForward() {
        Set<String> allowed = Set.of("SERVING>TAKER_CONNECTING", "TAKER_CONNECTING>HANDING_OVER",
                "TAKER_CONNECTING>SERVING", "HANDING_OVER>HANDED_OVER", "HANDING_OVER>SERVING");
        for (GiverPhase from : GiverPhase.values()) {
            for (GiverPhase to : GiverPhase.values()) {
                if (allowed.contains(from + ">" + to)) {
                    assertEquals(to, from.moveTo(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.moveTo(to), from + " > " + to);
                }
            }
        }
    }
}
