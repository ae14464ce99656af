// Tests the client side of SCRAM-SHA-256: the RFC 7677 exchange and hostile or broken servers.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramClientSessionTest {

    private static final String NONCE = Rfc7677.CLIENT_NONCE + Rfc7677.SERVER_NONCE;

    private static ScramClientSession rfcClient() {
        return new ScramClientSession(Rfc7677.USER, Rfc7677.PASSWORD, () -> Rfc7677.CLIENT_NONCE);
    }

    @Test
    void reproducesTheRfc7677Exchange() throws Exception {
        ScramClientSession client = rfcClient();

        assertEquals(Rfc7677.CLIENT_FIRST, client.clientFirstMessage());
        assertEquals(Rfc7677.CLIENT_FINAL, client.handleServerFirst(Rfc7677.SERVER_FIRST));
        client.verifyServerFinal(Rfc7677.SERVER_FINAL);
        assertTrue(client.verified());
    }

    @Test
    void sendsAnEmptyUserNameLikeLibpq() {
        ScramClientSession client = new ScramClientSession("pencil", () -> "abc");
        assertEquals("n,,n=,r=abc", client.clientFirstMessage());
        assertTrue(new ScramClientSession("pencil").clientFirstMessage().matches("n,,n=,r=[A-Za-z0-9+/=]{24}"));
    }

    @Test
    void rejectsAForgedServerSignature() throws Exception {
        ScramClientSession client = rfcClient();
        client.clientFirstMessage();
        client.handleServerFirst(Rfc7677.SERVER_FIRST);

        ScramException e = assertThrows(ScramException.class,
                () -> client.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));

        assertTrue(e.authenticationFailed());
        assertFalse(client.verified());
    }

    @Test
    void reportsAServerError() throws Exception {
        ScramClientSession client = rfcClient();
        client.clientFirstMessage();
        client.handleServerFirst(Rfc7677.SERVER_FIRST);

        ScramException e = assertThrows(ScramException.class, () -> client.verifyServerFinal("e=invalid-proof"));

        assertTrue(e.authenticationFailed());
        assertTrue(e.getMessage().contains("invalid-proof"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "r=" + Rfc7677.CLIENT_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=xyz" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=" + NONCE + ",s=,i=4096",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ=,i=4096",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-1",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=lots",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=",
        "r=,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=" + NONCE + ",i=4096,s=W22ZaJ0SNY7soEsUEjb6gQ==",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==",
        "r=" + NONCE + ",i=4096",
        "m=ext,r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "s=W22ZaJ0SNY7soEsUEjb6gQ==,r=" + NONCE + ",i=4096",
        "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,",
        "e=other-error",
    })
    void rejectsMalformedServerFirst(String message) {
        ScramClientSession client = rfcClient();
        client.clientFirstMessage();

        ScramException e = assertThrows(ScramException.class, () -> client.handleServerFirst(message));

        assertFalse(e.authenticationFailed(), e.getMessage());
        assertThrows(IllegalStateException.class, () -> client.verifyServerFinal(Rfc7677.SERVER_FINAL));
    }

    @Test
    void acceptsTheHighestIterationCountWithoutHashing() throws Exception {
        // Known keys ignore the count, so the bound itself can be checked without a million HMACs.
        ScramClientSession client = ScramClientSession.withKeys(new byte[32], new byte[32], () -> "abc");
        client.clientFirstMessage();

        String clientFinal = client.handleServerFirst("r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i="
                + ScramClientSession.MAX_ITERATIONS);

        assertTrue(clientFinal.startsWith("c=biws,r=abcdef,p="), clientFinal);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000_001, 2_000_000_000, Integer.MAX_VALUE})
    void refusesAHostileIterationCountBeforeHashing(int iterations) {
        ScramClientSession client = new ScramClientSession((salt, count) -> {
            throw new AssertionError("derived keys for " + count + " iterations");
        }, () -> Rfc7677.CLIENT_NONCE, "");
        client.clientFirstMessage();

        ScramException e = assertThrows(ScramException.class,
                () -> client.handleServerFirst("r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=" + iterations));

        assertFalse(e.authenticationFailed());
        assertTrue(e.getMessage().contains(iterations + " iterations") && e.getMessage().contains("1000000"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v=", "v=!!!!", "x=1", "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=,"})
    void rejectsMalformedServerFinal(String message) throws Exception {
        ScramClientSession client = rfcClient();
        client.clientFirstMessage();
        client.handleServerFirst(Rfc7677.SERVER_FIRST);

        assertThrows(ScramException.class, () -> client.verifyServerFinal(message));
        assertFalse(client.verified());
    }

    @Test
    void refusesCallsOutOfOrder() {
        ScramClientSession client = rfcClient();
        assertThrows(IllegalStateException.class, () -> client.handleServerFirst(Rfc7677.SERVER_FIRST));
        client.clientFirstMessage();
        assertThrows(IllegalStateException.class, client::clientFirstMessage);
    }
}
