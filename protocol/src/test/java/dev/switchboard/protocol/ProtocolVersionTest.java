// Tests for ProtocolVersion codes and names.
package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProtocolVersionTest {

    @Test
    void codesMatchTheWire() {
        assertEquals(196608, ProtocolVersion.V3_0.code());
        assertEquals(196610, ProtocolVersion.V3_2.code());
        assertEquals(206607, ProtocolVersion.GREASE.code());
        assertEquals(ProtocolVersion.V3_2, ProtocolVersion.fromCode(0x00030002));
        assertEquals(new ProtocolVersion(1234, 5679), ProtocolVersion.fromCode(80877103));
        assertEquals("3.2", ProtocolVersion.V3_2.toString());
        assertEquals("3.9999", ProtocolVersion.GREASE.toString());
        assertEquals(new ProtocolVersion(0xFFFF, 0xFFFF), ProtocolVersion.fromCode(-1));
        assertThrows(IllegalArgumentException.class, () -> new ProtocolVersion(3, 70000));
    }
}
