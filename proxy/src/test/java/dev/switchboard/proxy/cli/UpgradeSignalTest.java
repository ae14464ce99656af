// Tests for UpgradeSignal: SIGUSR2 is taken for upgrades only when the JVM does not suspend its threads with it.
package dev.switchboard.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UpgradeSignalTest {

    @Test
    void anotherSuspendSignalLeavesSigusr2ToTheProxy() {
        assertNull(UpgradeSignal.refusal("41"));
        assertNull(UpgradeSignal.refusal("13"));
        assertNull(UpgradeSignal.refusal("64"));
    }

    @Test
    void withoutOneTheJvmKeepsSigusr2() {
        assertNotNull(UpgradeSignal.refusal(null));
        assertNotNull(UpgradeSignal.refusal("12"));
        assertNotNull(UpgradeSignal.refusal("usr1"), "not a number: the JVM stays on SIGUSR2");
        assertNotNull(UpgradeSignal.refusal("11"), "at or below SIGSEGV: the JVM stays on SIGUSR2");
        assertNotNull(UpgradeSignal.refusal("65"), "beyond the last signal: the JVM stays on SIGUSR2");
    }
}
