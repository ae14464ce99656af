// FormatTest: number precision, ratio text and n/a for missing values.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void numbersKeepAPrecisionThatSuitsTheirSize() {
        assertEquals("12346", Format.number(12345.6));
        assertEquals("123.5", Format.number(123.45));
        assertEquals("1.23", Format.number(1.234));
        assertEquals("0.0123", Format.number(0.01234));
        assertEquals("0", Format.number(0));
        assertEquals("n/a", Format.number(Double.NaN));
    }

    @Test
    void ratiosPrintWithTwoDecimalsAndAnX() {
        assertEquals("1.10x", Format.ratio(11, 10));
        assertEquals("0.50x", Format.ratio(1, 2));
        assertEquals("n/a", Format.ratio(1, Double.NaN));
        assertEquals("n/a", Format.ratio(Double.NaN, 1));
        assertEquals("n/a", Format.ratio(1, 0));
    }

    @Test
    void mibConvertsBytesAndKeepsMissingMissing() {
        assertEquals(2.0, Format.mib(2 * 1024 * 1024));
        assertEquals(Double.NaN, Format.mib(-1));
    }
}
