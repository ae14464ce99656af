// ControlStateTest: PAUSE/RESUME/DISABLE/ENABLE as one transition function, with PgBouncer's refusals.
package dev.switchboard.proxy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ControlStateTest {

    @Test
    void pausingAndDisablingAreIndependent() {
        ControlState s = ControlState.OPEN.apply(ControlState.Action.PAUSE).apply(ControlState.Action.DISABLE);
        assertEquals(ControlState.PAUSED_AND_DISABLED, s);
        assertEquals(ControlState.DISABLED, s.apply(ControlState.Action.RESUME));
        assertEquals(ControlState.PAUSED, s.apply(ControlState.Action.ENABLE));
        assertEquals(ControlState.DISABLED, ControlState.DISABLED.apply(ControlState.Action.DISABLE));
        assertEquals(ControlState.PAUSED, ControlState.PAUSED.apply(ControlState.Action.PAUSE), "PAUSE may repeat");
    }

    @Test
    void resumeOfARunningOneIsRefused() {
        assertEquals("pooler is not paused/suspended", assertThrows(ConsoleException.class,
                () -> ControlState.OPEN.apply(ControlState.Action.RESUME)).getMessage());
    }
}
