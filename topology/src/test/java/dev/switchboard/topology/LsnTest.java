// LsnTest: parsing, formatting and unsigned comparison of textual WAL positions.
package dev.switchboard.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LsnTest {

    @Test
    void parsesBothHexHalves() {
        assertEquals(0x16_B374_D848L, Lsn.parse("16/B374D848"));
        assertEquals(0x16_B374_D848L, Lsn.parse("16/b374d848"));
        assertEquals(1, Lsn.parse("0/1"));
        assertEquals(0x1_0000_0000L, Lsn.parse("1/0"));
    }

    @Test
    void nullAndEmptyAreUnknown() {
        assertEquals(Lsn.UNKNOWN, Lsn.parse(null));
        assertEquals(Lsn.UNKNOWN, Lsn.parse(""));
        assertEquals(Lsn.UNKNOWN, Lsn.parse("0/0"));
    }

    @Test
    void theHighestPositionUsesAllSixtyFourBits() {
        long max = Lsn.parse("FFFFFFFF/FFFFFFFF");
        assertEquals(-1L, max);
        assertEquals("FFFFFFFF/FFFFFFFF", Lsn.format(max));
        assertTrue(Lsn.atLeast(max, Lsn.parse("7FFFFFFF/FFFFFFFF")), "compared unsigned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"16", "/1", "1/", "x/1", "1/g", "100000000/0", "0/100000000", "1//2"})
    void rejectsWhatIsNotAPosition(String text) {
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse(text));
    }

    /** pg_lsn accepts hexadecimal digits only; a sign would turn "-1/0" into a position near the very end. */
    @ParameterizedTest
    @ValueSource(strings = {"-1/0", "0/-1", "+1/0", "0/+1"})
    void rejectsSignedHalves(String text) {
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse(text));
    }

    @Test
    void formatsAsPostgresqlPrintsIt() {
        assertEquals("16/B374D848", Lsn.format(0x16_B374_D848L));
        assertEquals("0/0", Lsn.format(0));
        assertEquals("1/0", Lsn.format(0x1_0000_0000L));
        for (String text : new String[] {"0/3000060", "A/FF", "FFFF/1"}) {
            assertEquals(text, Lsn.format(Lsn.parse(text)));
        }
    }

    @Test
    void distanceCountsBytesAheadAndNeverGoesNegative() {
        assertEquals(0x100, Lsn.distance(Lsn.parse("0/3000000"), Lsn.parse("0/3000100")));
        assertEquals(0, Lsn.distance(Lsn.parse("0/3000100"), Lsn.parse("0/3000000")));
        assertEquals(0, Lsn.distance(5, 5));
        assertEquals(1, Lsn.distance(Lsn.parse("0/FFFFFFFF"), Lsn.parse("1/0")));
        // Across the sign bit of a long, unsigned arithmetic still gives the small distance.
        assertEquals(2, Lsn.distance(Lsn.parse("7FFFFFFF/FFFFFFFF"), Lsn.parse("80000000/1")));
    }

    @Test
    void atLeastComparesUnsigned() {
        assertTrue(Lsn.atLeast(Lsn.parse("1/0"), Lsn.parse("0/FFFFFFFF")));
        assertTrue(Lsn.atLeast(7, 7));
        assertFalse(Lsn.atLeast(6, 7));
        assertTrue(Lsn.atLeast(Lsn.parse("80000000/0"), Lsn.parse("7FFFFFFF/0")));
        assertFalse(Lsn.atLeast(Lsn.parse("7FFFFFFF/0"), Lsn.parse("80000000/0")));
    }
}
