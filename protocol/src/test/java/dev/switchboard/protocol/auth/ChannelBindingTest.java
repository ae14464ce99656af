// ChannelBindingTest: SCRAM-SHA-256-PLUS between the proxy's client and server sides, and PostgreSQL's refusals.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelBindingTest {
    private static final ChannelBinding CERTIFICATE = ChannelBinding.of("hash of the proxy's certificate".getBytes(
            StandardCharsets.UTF_8));
    private static final ChannelBinding OTHER = ChannelBinding.of("hash of a man in the middle".getBytes(
            StandardCharsets.UTF_8));
    private static final ScramSecret SECRET = ScramSecret.fromPassword("pencil");

    /** Runs one exchange; returns null on success, else the server's refusal. */
    private static ScramException exchange(ChannelBinding client, boolean plus, ChannelBinding server, String mechanism) {
        ScramClientSession scram = new ScramClientSession("pencil");
        if (client != null) {
            scram.bind(client, plus);
        }
        ScramServerSession session = new ScramServerSession(SECRET);
        if (server != null) {
            session.channelBinding(server, mechanism);
        }
        try {
            String serverFirst = session.handleClientFirst(scram.clientFirstMessage());
            String serverFinal = session.handleClientFinal(scram.handleServerFirst(serverFirst));
            scram.verifyServerFinal(serverFinal);
            return null;
        } catch (ScramException e) {
            return e;
        }
    }

    @Test
    void bothSidesBoundToTheSameCertificateLogIn() {
        assertEquals(null, exchange(CERTIFICATE, true, CERTIFICATE, ChannelBinding.SCRAM_SHA_256_PLUS));
    }

    @Test
    void aClientThatSawAnotherCertificateIsRefused() {
        ScramException e = exchange(OTHER, true, CERTIFICATE, ChannelBinding.SCRAM_SHA_256_PLUS);
        assertTrue(e.getMessage().contains("channel binding check failed"), e.getMessage());
        assertFalse(e.authenticationFailed(), "a protocol refusal, not a wrong password");
    }

    @Test
    void plusSelectedWithoutBindingDataIsRefused() {
        ScramException e = exchange(null, false, CERTIFICATE, ChannelBinding.SCRAM_SHA_256_PLUS);
        assertTrue(e.getMessage().contains("does not include channel binding data"), e.getMessage());
    }

    /** A client that can bind but was shown no -PLUS says "y": over TLS that means the list was tampered with. */
    @Test
    void aDowngradeToPlainScramOverTlsIsRefused() {
        ScramException e = exchange(CERTIFICATE, false, CERTIFICATE, "SCRAM-SHA-256");
        assertTrue(e.getMessage().contains("negotiation error"), e.getMessage());
    }

    @Test
    void yWithoutTlsAndNOverTlsAreAccepted() {
        assertEquals(null, exchange(CERTIFICATE, false, null, null), "y on a plain connection: as PostgreSQL");
        assertEquals(null, exchange(null, false, CERTIFICATE, "SCRAM-SHA-256"), "n over TLS: the client chose");
    }

    @Test
    void bindingDataOnAConnectionWithoutTlsIsRefused() {
        ScramException e = exchange(CERTIFICATE, true, null, null);
        assertTrue(e.getMessage().contains("does not use TLS"), e.getMessage());
    }

    @Test
    void plusIsListedFirstOnlyOverTls() {
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"), ScramServerSession.mechanisms(true));
        assertEquals(List.of("SCRAM-SHA-256"), ScramServerSession.mechanisms(false));
    }

    @Test
    void theHashFollowsTheSignatureAlgorithm() {
        assertEquals("SHA-256", ChannelBinding.hashOf("SHA256withRSA"));
        assertEquals("SHA-384", ChannelBinding.hashOf("SHA384withECDSA"));
        assertEquals("SHA-512", ChannelBinding.hashOf("SHA512withRSA"));
        assertEquals("SHA-256", ChannelBinding.hashOf("SHA1withRSA"), "RFC 5929: MD5 and SHA-1 become SHA-256");
        assertEquals("SHA-256", ChannelBinding.hashOf("MD5withRSA"));
    }
}
