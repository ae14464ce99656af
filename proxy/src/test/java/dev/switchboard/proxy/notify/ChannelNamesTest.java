// ChannelNamesTest: channel names are quoted and cut exactly as PostgreSQL treats identifiers.
package dev.switchboard.proxy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChannelNamesTest {

    @Test
    void quotesDoubleQuotesAndKeepsCase() {
        assertEquals("\"Orders\"", ChannelNames.quote("Orders"));
        assertEquals("\"a\"\"b\"\"\"", ChannelNames.quote("a\"b\""));
        assertEquals("\"with space; DROP\"", ChannelNames.quote("with space; DROP"));
    }

    @Test
    void literalDoublesSingleQuotes() {
        assertEquals("'it''s'", ChannelNames.literal("it's"));
    }

    @Test
    void shortNamesStayAsTheyAre() {
        assertEquals("x", ChannelNames.canonical("x"));
        String exactly63 = "a".repeat(63);
        assertEquals(exactly63, ChannelNames.canonical(exactly63));
    }

    @Test
    void longNamesAreCutTo63Bytes() {
        assertEquals("a".repeat(63), ChannelNames.canonical("a".repeat(70)));
    }

    @Test
    void cutNeverSplitsACharacter() {
        // 31 two-byte characters = 62 bytes; the 32nd would make 64, so it goes entirely.
        String name = "ü".repeat(40);
        String cut = ChannelNames.canonical(name);
        assertEquals("ü".repeat(31), cut);
        assertEquals(62, cut.getBytes(StandardCharsets.UTF_8).length);
        // A 4-byte character (surrogate pair in Java) is kept whole or dropped whole.
        String emoji = "a".repeat(61) + "\uD83D\uDE00";
        assertEquals("a".repeat(61), ChannelNames.canonical(emoji));
        assertEquals("a".repeat(59) + "\uD83D\uDE00", ChannelNames.canonical("a".repeat(59) + "\uD83D\uDE00b"));
    }

    @Test
    void nulIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChannelNames.canonical("a\0b"));
        assertEquals("channel name contains a NUL character: a?b", e.getMessage());
    }

    @Test
    void applicationNameIsPrintableAndBounded() {
        assertEquals("switchboard listener app/app@h:1", HubCommand.applicationName("app/app@h:1"));
        assertEquals("switchboard listener ?x", HubCommand.applicationName("üx"));
        assertEquals(63, HubCommand.applicationName("n".repeat(100)).length());
    }
}
