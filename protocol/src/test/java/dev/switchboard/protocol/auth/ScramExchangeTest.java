// Tests our SCRAM client and server sessions talking to each other, including key pass-through.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScramExchangeTest {

    private static void run(ScramClientSession client, ScramServerSession server) throws ScramException {
        String serverFirst = server.handleClientFirst(client.clientFirstMessage());
        String serverFinal = server.handleClientFinal(client.handleServerFirst(serverFirst));
        client.verifyServerFinal(serverFinal);
    }

    @Test
    void rightPasswordSucceeds() throws Exception {
        ScramSecret secret = ScramSecret.fromPassword("correct horse");
        ScramClientSession client = new ScramClientSession("correct horse");
        ScramServerSession server = new ScramServerSession(secret);

        run(client, server);

        assertTrue(client.verified());
        assertTrue(server.succeeded());
    }

    @Test
    void wrongPasswordFailsAsAuthenticationFailure() throws Exception {
        ScramServerSession server = new ScramServerSession(ScramSecret.fromPassword("correct horse"));
        ScramClientSession client = new ScramClientSession("battery staple");
        String clientFinal = client.handleServerFirst(server.handleClientFirst(client.clientFirstMessage()));

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(clientFinal));

        assertTrue(e.authenticationFailed(), e.getMessage());
    }

    @Test
    void emptyPasswordWorksBothWays() throws Exception {
        run(new ScramClientSession(""), new ScramServerSession(ScramSecret.fromPassword("")));
    }

    @Test
    void clientKeyFromTheFrontEndAuthenticatesToTheBackend() throws Exception {
        ScramSecret secret = ScramSecret.fromPassword("pass-through");
        ScramServerSession front = new ScramServerSession(secret);
        run(new ScramClientSession("pass-through"), front);

        ScramClientSession toBackend = ScramClientSession.withKeys(front.clientKey(), secret.serverKey());
        run(toBackend, new ScramServerSession(secret));

        assertTrue(toBackend.verified());
    }
}
