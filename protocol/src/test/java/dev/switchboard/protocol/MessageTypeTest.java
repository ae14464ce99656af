// Tests for the type-byte constants and their name tables.
package dev.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageTypeTest {

    @Test
    void namesComeFromTheTable() {
        assertEquals("ReadyForQuery", BackendType.name(BackendType.READY_FOR_QUERY));
        assertEquals("NegotiateProtocolVersion", BackendType.name((byte) 'v'));
        assertEquals("CopyBothResponse", BackendType.name((byte) 'W'));
        assertEquals("Unknown(0xff)", BackendType.name((byte) 0xff));
        assertEquals("Query", FrontendType.name(FrontendType.QUERY));
        assertEquals("PasswordMessage", FrontendType.name((byte) 'p'));
        assertEquals("Unknown(0x00)", FrontendType.name((byte) 0));
        assertTrue(BackendType.isKnown((byte) 'D'));
        assertFalse(FrontendType.isKnown((byte) 'Z'));
    }

    @Test
    void everyDocumentedByteIsNamed() {
        for (char c : "R K 2 3 C d c G H W D I E V v n N A t S 1 s Z T g".replace(" ", "").toCharArray()) {
            assertTrue(BackendType.isKnown((byte) c), "backend " + c);
        }
        for (char c : "B C d c f D E H F P Q S X p".replace(" ", "").toCharArray()) {
            assertTrue(FrontendType.isKnown((byte) c), "frontend " + c);
        }
    }
}
