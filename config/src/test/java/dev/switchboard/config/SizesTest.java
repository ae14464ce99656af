// Size syntax: binary units, plain bytes, and the refusals.
package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void units() {
        assertEquals(0, Sizes.parse("0"));
        assertEquals(1234, Sizes.parse("1234"));
        assertEquals(512, Sizes.parse("512B"));
        assertEquals(64 * 1024, Sizes.parse("64KB"));
        assertEquals(64 * 1024, Sizes.parse("64KiB"));
        assertEquals(64 * 1024, Sizes.parse("64kB"));
        assertEquals(1 << 20, Sizes.parse("1MB"));
        assertEquals(1 << 20, Sizes.parse("1 MiB"));
        assertEquals(1L << 30, Sizes.parse("1GB"));
        assertEquals(3L << 30, Sizes.parse("3gib"));
        assertEquals(1L << 40, Sizes.parse("1TB"));
    }

    @Test
    void refusals() {
        assertMessage("-1MB", "negative");
        assertMessage("MB", "not a size");
        assertMessage("", "not a size");
        assertMessage("1.5MB", "fractions are not supported");
        assertMessage("10XB", "unknown unit \"XB\"");
        assertMessage("10 M B", "unknown unit");
        assertMessage("9999999999999TB", "too large");
        assertMessage("99999999999999999999", "too large");
    }

    private static void assertMessage(String input, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(input));
        assertTrue(e.getMessage().contains(fragment), input + " -> " + e.getMessage());
    }
}
