// max_lag syntax: the unit decides between a WAL size and a replay time.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MaxLagTest {

    @Test
    void durationsAreTimeBounds() {
        assertEquals(MaxLag.ofTime(Duration.ofMillis(100)), MaxLag.parse("100ms"));
        assertEquals(MaxLag.ofTime(Duration.ofSeconds(2)), MaxLag.parse(" 2s "));
        assertEquals(MaxLag.ofTime(Duration.ofSeconds(90)), MaxLag.parse("1m30s"));
        MaxLag lag = MaxLag.parse("5m");
        assertTrue(lag.isTimeBound());
        assertEquals(-1, lag.bytes());
        assertEquals(Duration.ofMinutes(5), lag.time());
    }

    @Test
    void sizesAreByteBounds() {
        assertEquals(MaxLag.ofBytes(1 << 20), MaxLag.parse("1MB"));
        assertEquals(MaxLag.ofBytes(16 << 10), MaxLag.parse("16kB"));
        assertEquals(MaxLag.ofBytes(1_048_576), MaxLag.parse("1048576"));
        assertEquals(MaxLag.ofBytes(512), MaxLag.parse("512 B"));
        assertEquals(MaxLag.ofBytes(1L << 30), MaxLag.parse("1GiB"));
        MaxLag lag = MaxLag.parse("16kB");
        assertFalse(lag.isTimeBound());
        assertNull(lag.time());
    }

    @Test
    void zeroIsAllowedAndABareZeroIsBytes() {
        assertEquals(MaxLag.ofBytes(0), MaxLag.parse("0"));
        assertEquals(MaxLag.ofTime(Duration.ZERO), MaxLag.parse("0ms"));
        assertEquals(MaxLag.ofBytes(0), MaxLag.parse("0MB"));
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertMessage("-5", "negative");
        assertMessage("-100ms", "negative");
        assertMessage("1.5s", "fractions are not supported");
        assertMessage("1.5MB", "fractions are not supported");
        assertMessage("5sec", "unknown unit \"sec\" in \"5sec\"; expected a duration (units ms, s, m, h, d");
        assertMessage("5M", "unknown unit \"M\"");
        assertMessage("lots", "\"lots\" is neither a duration nor a size");
        assertMessage("", "empty");
    }

    @Test
    void exactlyOneBoundIsSet() {
        assertThrows(IllegalArgumentException.class, () -> new MaxLag(5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new MaxLag(-1, null));
        assertThrows(IllegalArgumentException.class, () -> MaxLag.ofTime(Duration.ofSeconds(-1)));
        assertEquals("100ms", MaxLag.ofTime(Duration.ofMillis(100)).toString());
        assertEquals("1024B", MaxLag.ofBytes(1024).toString());
    }

    private static void assertMessage(String text, String fragment) {
        String message = assertThrows(IllegalArgumentException.class, () -> MaxLag.parse(text)).getMessage();
        assertTrue(message.contains(fragment), message);
    }
}
