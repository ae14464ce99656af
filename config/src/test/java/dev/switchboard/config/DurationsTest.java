// Duration syntax: units, compound values, zero, and the refusals.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void units() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofDays(2), Durations.parse("2d"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
        assertEquals(Duration.ofSeconds(5), Durations.parse(" 5s "));
    }

    @Test
    void plainNumbersOtherThanZeroAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("30"));
        assertEquals("\"30\" has no unit; write e.g. 30s or 30ms (units: ms, s, m, h or d); only 0 may be written "
                + "without a unit", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("00"));
    }

    @Test
    void refusals() {
        assertMessage("-1s", "negative");
        assertMessage("", "empty duration");
        assertMessage("1.5s", "fractions are not supported");
        assertMessage("5 s", "each number needs a unit");
        assertMessage("5x", "unknown unit \"x\"");
        assertMessage("5sec", "unknown unit \"sec\"");
        assertMessage("s", "not a duration");
        assertMessage("1h30", "each number needs a unit");
        assertMessage("99999999999999999999s", "too large");
        assertMessage("9223372036854775807d", "too large");
    }

    @Test
    void format() {
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("30s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("10m", Durations.format(Duration.ofMinutes(10)));
        assertEquals("1h", Durations.format(Duration.ofHours(1)));
        assertEquals("0", Durations.format(Duration.ZERO));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals(Duration.ofMillis(1500), Durations.parse(Durations.format(Duration.ofMillis(1500))));
    }

    private static void assertMessage(String input, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(input));
        assertTrue(e.getMessage().contains(fragment), input + " -> " + e.getMessage());
    }
}
