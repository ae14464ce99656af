// SessionLinkFlowTest: scripted conversations through a session-mode link: start, forwarding, moving after a loss.
package dev.switchboard.proxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.backend.CommandComplete;
import dev.switchboard.protocol.backend.ParameterStatus;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.Conversation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionLinkFlowTest {

    @Test
    void startupSettingsAreAppliedBeforeTheClientIsGreeted() {
        try (Conversation c = Conversation.sessionMode(1, Map.of("DateStyle", "German, DMY"))) {
            var setup = c.serverGets(0, "Q");
            assertTrue(setup.get(0).text().contains("set_config(E'DateStyle', E'German, DMY'"), setup.toString());
            c.clientGets("");
            c.serverAnswers(0, new ParameterStatus("DateStyle", "German, DMY"), new CommandComplete("SELECT 1"),
                    ReadyForQuery.IDLE);
            var greeting = c.clientGets("SKZ");
            assertTrue(greeting.get(0).text().startsWith("DateStyle\0German, DMY"), greeting.toString());
            c.clientSends(new Query("SELECT 1"));
            c.serverGets(0, "Q");
            c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /** An idle, stateless session whose server goes away is moved to another, its settings applied there again. */
    @Test
    void anIdleSessionMovesToAnotherServerWithItsSettings() {
        try (Conversation c = Conversation.sessionMode(2, Map.of("application_name", "mover"))) {
            greetedThenServerLost(c);
            var setup = c.serverGets(1, "Q");
            assertTrue(setup.get(0).text().contains("E'mover'"), setup.toString());
            c.clientSends(new Query("SELECT 1")); // waits for the move
            c.serverGets(1, "");
            c.serverAnswers(1, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("");
            c.serverGets(1, "Q");
            c.serverAnswers(1, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
            c.clientGets("CZ");
        }
    }

    /** The server a session was moving to fails while the settings are applied: the client is told, not left waiting. */
    @Test
    void aSessionWhoseNewServerFailsDuringTheMoveEndsWithAnError() {
        try (Conversation c = Conversation.sessionMode(2, Map.of("application_name", "mover"))) {
            greetedThenServerLost(c);
            c.serverGets(1, "Q");
            c.serverChannel(1).close();
            c.settle();
            var fatal = c.clientGets("E");
            assertTrue(fatal.get(0).text().contains("08006"), fatal.toString());
            assertEquals(false, c.clientChannel().isActive(), "the session is closed");
        }
    }

    /** The session is set up on its first server and greeted; then that server goes away while it is idle. */
    private static void greetedThenServerLost(Conversation c) {
        c.serverGets(0, "Q");
        c.serverAnswers(0, new CommandComplete("SELECT 1"), ReadyForQuery.IDLE);
        c.clientGets("KZ");
        c.serverChannel(0).close();
        c.settle();
    }
}
