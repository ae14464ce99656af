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
