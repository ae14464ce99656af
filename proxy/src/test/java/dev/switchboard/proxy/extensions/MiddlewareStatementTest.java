// MiddlewareStatementTest: which texts are statements on middleware settings, over seeded random spellings.
package dev.switchboard.proxy.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MiddlewareStatementTest {
    private static final long SEED = Long.getLong("middleware.seed", 1L);
    private static final int ROUNDS = 2_000;

    @Test
    void examples() {
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.SET, "switchboard.topology", "on", false),
                MiddlewareStatement.parse("SET switchboard.topology = on"));
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.SET, "switchboard.min_lsn", "1/0/3000148", false),
                MiddlewareStatement.parse("  set session Switchboard.Min_LSN to '1/0/3000148' ;;"));
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.SET, "switchboard.x", "it's", true),
                MiddlewareStatement.parse("SET LOCAL switchboard.x = 'it''s'"));
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.RESET, "switchboard.topology", null, false),
                MiddlewareStatement.parse("SET switchboard.topology TO DEFAULT"));
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.SET, "switchboard.report_parameters",
                "work_mem,statement_timeout,a,b", false),
                MiddlewareStatement.parse("SET switchboard.report_parameters TO work_mem , 'statement_timeout', 'a,b'"));
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.RESET, "switchboard.topology", null, false),
                MiddlewareStatement.parse("reset switchboard.topology"));
        assertEquals(new MiddlewareStatement(MiddlewareStatement.Kind.SHOW, "switchboard.commit_lsn", null, false),
                MiddlewareStatement.parse("SHOW switchboard.commit_lsn;"));
        for (String not : List.of("SELECT 'switchboard.topology'", "SET search_path = switchboard",
                "SET switchboard.topology = on; SELECT 1", "SHOW switchboard.topology, x", "SET switchboard = on",
                "SHOW ALL", "SET switchboard.topology = on off", "")) {
            assertNull(MiddlewareStatement.parse(not), not);
        }
        assertTrue(MiddlewareStatement.mentions("select 1 -- SWITCHBOARD.x"));
        assertFalse(MiddlewareStatement.mentions("select 'switchboard'"));
    }

    /**
     * The search over a message body copies it in chunks: a mention cut by a chunk's end, at either end of the
     * text, or in a body read from the middle of a larger buffer is found as in the decoded text.
     */
    @Test
    void aBodyMentionsTheNamespaceExactlyWhenItsTextDoes() {
        System.out.println("[MiddlewareStatementTest] seed " + SEED + " (repeat with -Dmiddleware.seed=" + SEED + ")");
        Random random = new Random(SEED);
        String alphabet = "sSwitchboard.SWITCHBOARD x';";
        for (int round = 0; round < ROUNDS; round++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(40) : 1000 + random.nextInt(2200);
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextBoolean() && length >= 12) {
                // Around a chunk's end (1,024 bytes, the next chunk starts 11 earlier) or anywhere.
                int at = random.nextBoolean() ? Math.min(length - 12, 1002 + random.nextInt(24))
                        : random.nextInt(length - 11);
                text.replace(at, at + 12, random.nextBoolean() ? "switchboard." : "SwitchBoard.");
            }
            String sql = text.toString();
            int before = random.nextInt(8);
            io.netty.buffer.ByteBuf whole = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer();
            try {
                whole.writeZero(before).writeBytes(sql.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .writeZero(random.nextInt(8));
                io.netty.buffer.ByteBuf body = whole.slice(before, sql.length());
                assertEquals(MiddlewareStatement.mentions(sql), MiddlewareStatement.mentions(body),
                        "seed " + SEED + ", round " + round + ": " + sql);
            } finally {
                whole.release();
            }
        }
    }

    /** Random case, spacing, SESSION, TO or =, quoting and trailing semicolons: each parses to what was written. */
    @Test
    void randomSpellingsParseToWhatWasWritten() {
        System.out.println("[MiddlewareStatementTest] seed " + SEED + " (repeat with -Dmiddleware.seed=" + SEED + ")");
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            String name = "switchboard." + List.of("topology", "commit_lsn", "min_lsn", "goaway", "x_1").get(random.nextInt(5));
            int kind = random.nextInt(3);
            String value = List.of("on", "off", "1/0/3000148", "", "a'b", "2/16/B374D848").get(random.nextInt(6));
            StringBuilder sql = new StringBuilder(space(random));
            MiddlewareStatement expected;
            switch (kind) {
                case 0 -> {
                    sql.append(cased(random, "set")).append(spaces(random));
                    if (random.nextBoolean()) {
                        sql.append(cased(random, "session")).append(spaces(random));
                    }
                    sql.append(cased(random, name));
                    sql.append(random.nextBoolean() ? space(random) + "=" + space(random) : spaces(random) + cased(random, "to") + spaces(random));
                    boolean bare = value.matches("[a-z0-9]+") && random.nextBoolean();
                    sql.append(bare ? value : "'" + value.replace("'", "''") + "'");
                    expected = new MiddlewareStatement(MiddlewareStatement.Kind.SET, name, value, false);
                }
                case 1 -> {
                    sql.append(cased(random, "reset")).append(spaces(random)).append(cased(random, name));
                    expected = new MiddlewareStatement(MiddlewareStatement.Kind.RESET, name, null, false);
                }
                default -> {
                    sql.append(cased(random, "show")).append(spaces(random)).append(cased(random, name));
                    expected = new MiddlewareStatement(MiddlewareStatement.Kind.SHOW, name, null, false);
                }
            }
            sql.append(space(random)).append(";".repeat(random.nextInt(3))).append(space(random));
            assertEquals(expected, MiddlewareStatement.parse(sql.toString()), "seed " + SEED + ": " + sql);
            assertNull(MiddlewareStatement.parse(sql + "; SELECT 1"), "seed " + SEED + ": two statements " + sql);
        }
    }

    private static String cased(Random random, String word) {
        StringBuilder out = new StringBuilder();
        for (char c : word.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static String space(Random random) {
        return List.of("", " ", "  ", "\n", "\t ").get(random.nextInt(5));
    }

    private static String spaces(Random random) {
        return List.of(" ", "  ", "\n", "\t").get(random.nextInt(4));
    }

    @Test
    void startupValuesAreCheckedAndResetReturnsToThem() {
        ClientExtensions e = ClientExtensions.fromStartup(Map.of("_pq_.switchboard.goaway", "on"),
                Map.of("switchboard.min_lsn", "3/A/B"));
        assertTrue(e.asked());
        assertEquals("min_lsn,goaway", e.activeNames());
        e.set(Extension.MIN_LSN, "");
        e.set(Extension.TOPOLOGY, "true");
        assertEquals("topology,goaway", e.activeNames());
        assertTrue(e.changed());
        e.resetAll();
        assertEquals("3/A/B", e.show(Extension.MIN_LSN));
        assertEquals("off", e.show(Extension.TOPOLOGY));
        assertFalse(e.changed());

        assertFalse(ClientExtensions.none().asked());
        assertEquals("42704", assertThrows(ExtensionException.class, () -> ClientExtensions.fromStartup(Map.of(),
                Map.of("switchboard.nope", "on"))).sqlState());
        assertEquals("42704", assertThrows(ExtensionException.class, () -> ClientExtensions.fromStartup(Map.of(),
                Map.of("switchboard.goaway", "on"))).sqlState(), "a new message type needs the protocol route");
        assertEquals("22023", assertThrows(ExtensionException.class, () -> ClientExtensions.fromStartup(
                Map.of("_pq_.switchboard.topology", "sure"), Map.of())).sqlState());
    }
}
