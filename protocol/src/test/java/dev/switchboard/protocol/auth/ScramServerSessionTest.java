// Tests the server side of SCRAM-SHA-256: the RFC 7677 exchange and every way a client can get it wrong.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramServerSessionTest {

    private static final String NONCE = Rfc7677.CLIENT_NONCE + Rfc7677.SERVER_NONCE;
    private static final String PROOF = "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    @Test
    void reproducesTheRfc7677Exchange() throws Exception {
        ScramServerSession server = Rfc7677.server();

        assertEquals(Rfc7677.SERVER_FIRST, server.handleClientFirst(Rfc7677.CLIENT_FIRST));
        assertEquals(Rfc7677.SERVER_FINAL, server.handleClientFinal(Rfc7677.CLIENT_FINAL));
        assertTrue(server.succeeded());
        // H(ClientKey) is the StoredKey: the recovered key is the real one.
        assertArrayEquals(Rfc7677.secret().storedKey(),
                MessageDigest.getInstance("SHA-256").digest(server.clientKey()));
    }

    @Test
    void acceptsTheYFlagWhenItIsRepeatedInTheChannelBinding() throws Exception {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst("y,,n=user,r=" + Rfc7677.CLIENT_NONCE);

        // The proof is for another AuthMessage, so the password check fails, but only after c= and r= passed.
        ScramException e = assertThrows(ScramException.class,
                () -> server.handleClientFinal("c=eSws,r=" + NONCE + "," + PROOF));
        assertTrue(e.authenticationFailed(), e.getMessage());
    }

    @Test
    void wrongProofIsAnAuthenticationFailure() throws Exception {
        ScramServerSession server = new ScramServerSession(
                ScramSecret.fromPassword("not pencil", Rfc7677.salt(), 4096), () -> Rfc7677.SERVER_NONCE);
        server.handleClientFirst(Rfc7677.CLIENT_FIRST);

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(Rfc7677.CLIENT_FINAL));

        assertTrue(e.authenticationFailed());
        assertFalse(server.succeeded());
        assertThrows(IllegalStateException.class, server::clientKey);
    }

    @Test
    void ignoresTheUserNameAndExtensions() throws Exception {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst("n,,n=someone=2Celse,r=" + Rfc7677.CLIENT_NONCE + ",x=ext");
        // The AuthMessage differs from the RFC's, so the proof fails; but the message was accepted.
        assertTrue(assertThrows(ScramException.class,
                () -> server.handleClientFinal(Rfc7677.CLIENT_FINAL)).authenticationFailed());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "n",
        "n,",
        "n,,",
        "x,,n=user,r=abc",
        "p=tls-server-end-point,,n=user,r=abc",
        "n,a=admin,n=user,r=abc",
        "n,,m=ext,n=user,r=abc",
        "n,,r=abc",
        "n,,n=user",
        "n,,n=user,r=",
        "n,,n=user,r=a b",
        "n,,n=user,r=abc,",
        "n,,n=user,r=abc,1=x",
        "n,,n=user,r=abc,x",
        "n,,nuser,r=abc",
    })
    void rejectsMalformedClientFirst(String message) {
        ScramServerSession server = Rfc7677.server();

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFirst(message));

        assertFalse(e.authenticationFailed(), e.getMessage());
        assertThrows(IllegalStateException.class, () -> server.handleClientFinal(Rfc7677.CLIENT_FINAL));
    }

    @Test
    void channelBindingRequestIsRefusedClearly() {
        ScramException e = assertThrows(ScramException.class,
                () -> Rfc7677.server().handleClientFirst("p=tls-server-end-point,,n=,r=abc"));

        assertTrue(e.getMessage().contains("channel binding"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "c=biws",
        "c=biws,r=" + NONCE,
        "c=biws,r=" + NONCE + ",",
        "c=biws,r=" + NONCE + ",p=",
        "c=biws,r=" + NONCE + ",p=!!!!",
        "c=biws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ",
        "c=biws,r=" + NONCE + ",p=AAAA",
        "c=biws,r=" + NONCE + "," + PROOF + ",x=after",
        "c=eSws,r=" + NONCE + "," + PROOF,
        "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCws,r=" + NONCE + "," + PROOF,
        "c=biws,r=" + Rfc7677.CLIENT_NONCE + "," + PROOF,
        "c=biws,r=" + NONCE + "x," + PROOF,
        "r=" + NONCE + ",c=biws," + PROOF,
        "c=biws," + PROOF,
        "c=biws,r=" + NONCE + ",1=x," + PROOF,
    })
    void rejectsMalformedClientFinal(String message) throws Exception {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(Rfc7677.CLIENT_FIRST);

        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(message));

        assertFalse(e.authenticationFailed(), e.getMessage());
        assertFalse(server.succeeded());
    }

    @Test
    void acceptsExtensionsBeforeTheProof() throws Exception {
        ScramServerSession server = Rfc7677.server();
        server.handleClientFirst(Rfc7677.CLIENT_FIRST);
        // Extensions are part of client-final-message-without-proof, so the RFC proof no longer matches.
        ScramException e = assertThrows(ScramException.class,
                () -> server.handleClientFinal("c=biws,r=" + NONCE + ",x=ext," + PROOF));
        assertTrue(e.authenticationFailed());
    }

    @Test
    void doomedSessionRunsTheExchangeThenFails() throws Exception {
        byte[] mockKey = {1, 2, 3};
        ScramServerSession server = ScramServerSession.doomed("ghost", mockKey);
        ScramClientSession client = new ScramClientSession("anything");

        String serverFirst = server.handleClientFirst(client.clientFirstMessage());
        String clientFinal = client.handleServerFirst(serverFirst);
        ScramException e = assertThrows(ScramException.class, () -> server.handleClientFinal(clientFinal));

        assertTrue(e.authenticationFailed());
        String salt = serverFirst.split(",")[1];
        String again = ScramServerSession.doomed("ghost", mockKey).handleClientFirst("n,,n=,r=abc");
        assertEquals(salt, again.split(",")[1], "the same user must always see the same salt");
    }

    @Test
    void refusesCallsOutOfOrder() throws Exception {
        ScramServerSession server = Rfc7677.server();
        assertThrows(IllegalStateException.class, () -> server.handleClientFinal(Rfc7677.CLIENT_FINAL));
        ScramServerSession other = Rfc7677.server();
        other.handleClientFirst(Rfc7677.CLIENT_FIRST);
        assertThrows(IllegalStateException.class, () -> other.handleClientFirst(Rfc7677.CLIENT_FIRST));
    }

    @Test
    void refusesABadNonceSource() {
        ScramServerSession server = new ScramServerSession(Rfc7677.secret(), () -> "a,b");
        assertThrows(IllegalStateException.class, () -> server.handleClientFirst(Rfc7677.CLIENT_FIRST));
    }
}
