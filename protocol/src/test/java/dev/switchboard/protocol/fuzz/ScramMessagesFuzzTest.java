// ScramMessagesFuzzTest: SCRAM messages from a hostile client or server are refused with ScramException, never anything else.
package dev.switchboard.protocol.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.protocol.auth.ScramClientSession;
import dev.switchboard.protocol.auth.ScramException;
import dev.switchboard.protocol.auth.ScramSecret;
import dev.switchboard.protocol.auth.ScramServerSession;

/** The client side answers with fixed keys, so an iteration count in the input costs nothing. */
class ScramMessagesFuzzTest {
    private static final ScramSecret SECRET = ScramSecret.fromPassword("pencil", new byte[16], 4096);
    private static final byte[] KEY = new byte[32];

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void fromAClient(FuzzedDataProvider data) {
        ScramServerSession server = new ScramServerSession(SECRET);
        try {
            server.handleClientFirst(data.consumeString(500));
            server.handleClientFinal(data.consumeRemainingAsString());
        } catch (ScramException expected) {
            // refused: the client gets 08P01 or 28P01
        }
    }

    @FuzzTest(maxDuration = "40m", maxExecutions = 10_000_000)
    void fromAServer(FuzzedDataProvider data) {
        ScramClientSession client = ScramClientSession.withKeys(KEY, KEY, () -> "fuzzclientnonce");
        client.clientFirstMessage();
        try {
            client.handleServerFirst(data.consumeString(500));
            client.verifyServerFinal(data.consumeRemainingAsString());
        } catch (ScramException expected) {
            // refused: the server connection is closed
        }
    }
}
