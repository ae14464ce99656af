// MonitorSettingsTest: the settings never print the password and refuse limits that would disable waiting.
package dev.switchboard.topology.monitor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitorSettingsTest {

    @Test
    void toStringHidesThePassword() {
        MonitorSettings s = new MonitorSettings(Duration.ofMillis(250), "monitor", "s3cr3t-Pa55", "postgres",
                Duration.ofSeconds(2));
        assertFalse(s.toString().contains("s3cr3t-Pa55"), s.toString());
        assertTrue(s.toString().contains("password=set"), s.toString());
        assertTrue(s.toString().contains("user=monitor"), s.toString());
        MonitorSettings none = new MonitorSettings(Duration.ofMillis(250), "monitor", null, "postgres",
                Duration.ofSeconds(2));
        assertTrue(none.toString().contains("password=none"), none.toString());
    }

    @Test
    void refusesIntervalsAndTimeoutsThatCannotBeWaitedFor() {
        assertThrows(IllegalArgumentException.class, () -> new MonitorSettings(Duration.ZERO, "u", null, "d",
                Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new MonitorSettings(Duration.ofMillis(100), "u", null, "d",
                Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new MonitorSettings(Duration.ofMillis(100), "u", null, "d",
                Duration.ofNanos(500)));
        assertThrows(NullPointerException.class, () -> new MonitorSettings(Duration.ofMillis(100), null, null, "d",
                Duration.ofSeconds(1)));
    }
}
