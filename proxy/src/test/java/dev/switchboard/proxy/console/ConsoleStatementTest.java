// ConsoleStatementTest: the console's grammar — PgBouncer's command and SET forms, case, quoting, limits.
package dev.switchboard.proxy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConsoleStatementTest {

    @Test
    void commandsTakeAnyCaseAnOptionalArgumentAndSemicolon() {
        assertEquals(new ConsoleStatement.Command("show", "pools"), ConsoleStatement.parse("SHOW POOLS"));
        assertEquals(new ConsoleStatement.Command("show", "stats"), ConsoleStatement.parse("  show Stats ;  "));
        assertEquals(new ConsoleStatement.Command("resume", null), ConsoleStatement.parse("RESUME;"));
        assertEquals(new ConsoleStatement.Command("pause", "App"), ConsoleStatement.parse("PAUSE \"App\""));
    }

    @Test
    void setTakesAWordOrAString() {
        assertEquals(new ConsoleStatement.Set("datestyle", "ISO"), ConsoleStatement.parse("SET DateStyle = ISO"));
        assertEquals(new ConsoleStatement.Set("client_encoding", "it's"),
                ConsoleStatement.parse("set client_encoding to 'it''s';"));
    }

    @Test
    void switchoverTakesAnOptionalClusterAndTarget() {
        assertEquals(new ConsoleStatement.Switchover(null, null), ConsoleStatement.parse("SWITCHOVER"));
        assertEquals(new ConsoleStatement.Switchover("main", null), ConsoleStatement.parse("switchover Main;"));
        assertEquals(new ConsoleStatement.Switchover("main", "127.0.0.1:5433"),
                ConsoleStatement.parse("SWITCHOVER main TO 127.0.0.1:5433"));
        assertEquals(new ConsoleStatement.Switchover(null, "[::1]:5433"),
                ConsoleStatement.parse(" switchover to \"[::1]:5433\" ; "));
        assertNull(ConsoleStatement.parse("SWITCHOVER main TO"));
        assertNull(ConsoleStatement.parse("SWITCHOVER main 127.0.0.1:5433"));
    }

    /** Found by fuzzing: long quoted parts made the matcher recurse per character until the stack ran out. */
    @Test
    void longQuotedPartsAreMatchedWithoutRecursingPerCharacter() {
        String pairs = "''".repeat(2000);
        assertNull(ConsoleStatement.parse("SET x = '" + pairs + "'"), "over the value limit, refused");
        assertEquals(new ConsoleStatement.Set("x", "a'b"), ConsoleStatement.parse("SET x = 'a''b'"));
        String quotedName = "\"" + "\"\"".repeat(2000) + "\"";
        assertNull(ConsoleStatement.parse("PAUSE " + quotedName), "over the argument limit, refused");
        assertEquals(new ConsoleStatement.Switchover(null, "ab".repeat(2000)),
                ConsoleStatement.parse("SWITCHOVER TO \"" + "ab".repeat(2000) + "\""));
        assertNull(ConsoleStatement.parse("PAUSE \"\""), "an empty quoted name is no name");
        assertEquals(new ConsoleStatement.Command("pause", "a\"b"), ConsoleStatement.parse("PAUSE \"a\"\"b\""));
    }

    @Test
    void anythingElseIsInvalid() {
        assertNull(ConsoleStatement.parse("SHOW POOLS; SHOW STATS"));
        assertNull(ConsoleStatement.parse("SELECT 1 + 1"));
        assertNull(ConsoleStatement.parse("show a b c"));
        assertNull(ConsoleStatement.parse(""));
        assertNull(ConsoleStatement.parse("sixteen_letters_ x"));
        assertNull(ConsoleStatement.parse("pause " + "d".repeat(64)));
        assertNull(ConsoleStatement.parse("show" + " ".repeat(10_000) + "pools"));
    }
}
