// Tests the client login state machine as scripted conversations: each method, and servers that must be refused.
package dev.switchboard.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.backend.Authentication;
import dev.switchboard.protocol.backend.AuthenticationCleartextPassword;
import dev.switchboard.protocol.backend.AuthenticationGSS;
import dev.switchboard.protocol.backend.AuthenticationKerberosV5;
import dev.switchboard.protocol.backend.AuthenticationMD5Password;
import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.AuthenticationOther;
import dev.switchboard.protocol.backend.AuthenticationSASL;
import dev.switchboard.protocol.backend.AuthenticationSASLContinue;
import dev.switchboard.protocol.backend.AuthenticationSASLFinal;
import dev.switchboard.protocol.backend.AuthenticationSSPI;
import dev.switchboard.protocol.frontend.FrontendMessage;
import dev.switchboard.protocol.frontend.PasswordMessage;
import dev.switchboard.protocol.frontend.SASLInitialResponse;
import dev.switchboard.protocol.frontend.SASLResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientLoginTest {

    private static final AuthenticationSASL OFFER = new AuthenticationSASL(List.of("SCRAM-SHA-256"));

    /** The RFC 7677 client, so every message of the exchange is known in advance. */
    private static ClientLogin rfcLogin() {
        return new ClientLogin(Rfc7677.USER, Rfc7677.PASSWORD,
                () -> new ScramClientSession(Rfc7677.USER, Rfc7677.PASSWORD, () -> Rfc7677.CLIENT_NONCE));
    }

    private static AuthenticationSASLContinue serverFirst(String text) {
        return new AuthenticationSASLContinue(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AuthenticationSASLFinal serverFinal(String text) {
        return new AuthenticationSASLFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static ClientLogin scramUpToFinal() throws Exception {
        ClientLogin login = rfcLogin();
        login.handle(OFFER);
        login.handle(serverFirst(Rfc7677.SERVER_FIRST));
        return login;
    }

    private static ClientLoginException refused(ClientLogin login, Authentication request, String sqlState) {
        ClientLoginException e = assertThrows(ClientLoginException.class, () -> login.handle(request));
        assertEquals(sqlState, e.sqlState(), e.getMessage());
        assertFalse(login.done());
        return e;
    }

    @Test
    void trustIsDoneAtTheFirstAuthenticationOk() throws Exception {
        ClientLogin login = new ClientLogin("app", null);

        assertEquals(Optional.empty(), login.handle(AuthenticationOk.INSTANCE));

        assertTrue(login.done());
        login.checkDone();
    }

    @Test
    void answersACleartextRequest() throws Exception {
        ClientLogin login = new ClientLogin("app", "secret");

        assertEquals(Optional.of(new PasswordMessage("secret")), login.handle(AuthenticationCleartextPassword.INSTANCE));
        assertFalse(login.done());
        login.handle(AuthenticationOk.INSTANCE);

        assertTrue(login.done());
    }

    @Test
    void answersAnMd5Challenge() throws Exception {
        byte[] salt = {1, 2, 3, 4};
        ClientLogin login = new ClientLogin("app", "secret");

        Optional<FrontendMessage> reply = login.handle(new AuthenticationMD5Password(salt));
        login.handle(AuthenticationOk.INSTANCE);

        assertEquals(Optional.of(new PasswordMessage(Md5Password.response("app", "secret", salt))), reply);
        assertTrue(login.done());
    }

    @Test
    void playsTheRfc7677ScramExchange() throws Exception {
        ClientLogin login = rfcLogin();

        SASLInitialResponse first = assertInstanceOf(SASLInitialResponse.class, login.handle(
                new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"))).orElseThrow());
        assertEquals("SCRAM-SHA-256", first.mechanism());
        assertEquals(Rfc7677.CLIENT_FIRST, text(first.data()));

        SASLResponse last = assertInstanceOf(SASLResponse.class,
                login.handle(serverFirst(Rfc7677.SERVER_FIRST)).orElseThrow());
        assertEquals(Rfc7677.CLIENT_FINAL, text(last.data()));

        assertEquals(Optional.empty(), login.handle(serverFinal(Rfc7677.SERVER_FINAL)));
        assertFalse(login.done(), "not done before AuthenticationOk");
        assertEquals(Optional.empty(), login.handle(AuthenticationOk.INSTANCE));
        assertTrue(login.done());
    }

    @Test
    void logsInToTheProjectsOwnScramServer() throws Exception {
        ScramServerSession server = new ScramServerSession(ScramSecret.fromPassword("correct horse"));
        ClientLogin login = new ClientLogin("app", "correct horse");

        SASLInitialResponse first = (SASLInitialResponse) login.handle(OFFER).orElseThrow();
        String serverFirst = server.handleClientFirst(text(first.data()));
        SASLResponse last = (SASLResponse) login.handle(serverFirst(serverFirst)).orElseThrow();
        login.handle(serverFinal(server.handleClientFinal(text(last.data()))));
        login.handle(AuthenticationOk.INSTANCE);

        assertTrue(login.done());
    }

    @Test
    void aForgedServerSignatureIsRefused() throws Exception {
        ClientLogin login = scramUpToFinal();

        ClientLoginException e = refused(login,
                serverFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), ClientLoginException.INVALID_AUTHORIZATION);

        assertTrue(e.getMessage().contains("does not know the password"), e.getMessage());
        refused(login, AuthenticationOk.INSTANCE, ClientLoginException.PROTOCOL_VIOLATION);
    }

    @Test
    void authenticationOkWithoutSaslFinalIsRefused() throws Exception {
        ClientLogin login = scramUpToFinal();

        ClientLoginException e = refused(login, AuthenticationOk.INSTANCE, ClientLoginException.PROTOCOL_VIOLATION);

        assertTrue(e.getMessage().contains("without proving it knows the password"), e.getMessage());
    }

    @Test
    void authenticationOkRightAfterTheSaslOfferIsRefused() throws Exception {
        ClientLogin login = rfcLogin();
        login.handle(OFFER);

        refused(login, AuthenticationOk.INSTANCE, ClientLoginException.PROTOCOL_VIOLATION);
    }

    @Test
    void aStartupThatSkipsAuthenticationOkIsRefused() throws Exception {
        ClientLogin login = scramUpToFinal();

        ClientLoginException e = assertThrows(ClientLoginException.class, login::checkDone);

        assertEquals(ClientLoginException.PROTOCOL_VIOLATION, e.sqlState());
    }

    @Test
    void aHostileIterationCountIsRefused() throws Exception {
        ClientLogin login = rfcLogin();
        login.handle(OFFER);

        ClientLoginException e = refused(login, serverFirst("r=" + Rfc7677.CLIENT_NONCE + Rfc7677.SERVER_NONCE
                + ",s=" + Rfc7677.SALT_BASE64 + ",i=2147483647"), ClientLoginException.PROTOCOL_VIOLATION);

        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
    }

    @Test
    void aServerErrorInSaslFinalIsAWrongPassword() throws Exception {
        refused(scramUpToFinal(), serverFinal("e=invalid-proof"), ClientLoginException.INVALID_PASSWORD);
    }

    @Test
    void aMalformedSaslFinalIsAProtocolViolation() throws Exception {
        refused(scramUpToFinal(), serverFinal("v=!!!!"), ClientLoginException.PROTOCOL_VIOLATION);
    }

    static Stream<Authentication> unsupported() {
        return Stream.of(AuthenticationGSS.INSTANCE, AuthenticationSSPI.INSTANCE, AuthenticationKerberosV5.INSTANCE,
                new AuthenticationOther(99, new byte[0]), new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS")),
                new AuthenticationSASL(List.of("OAUTHBEARER")));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void anUnsupportedMethodIsRefusedByName(Authentication request) {
        ClientLoginException e = refused(new ClientLogin("app", "secret"), request,
                ClientLoginException.INVALID_AUTHORIZATION);

        assertTrue(e.getMessage().matches(".*(GSSAPI|SSPI|Kerberos V5|request code 99|SCRAM-SHA-256-PLUS|OAUTHBEARER).*"),
                e.getMessage());
    }

    static Stream<Authentication> passwordRequests() {
        return Stream.of(AuthenticationCleartextPassword.INSTANCE, new AuthenticationMD5Password(new byte[4]), OFFER);
    }

    @ParameterizedTest
    @MethodSource("passwordRequests")
    void aPasswordRequestWithoutAPasswordIsAClearError(Authentication request) {
        ClientLoginException e = refused(new ClientLogin("app", null), request,
                ClientLoginException.INVALID_AUTHORIZATION);

        assertTrue(e.getMessage().contains("\"app\"") && e.getMessage().contains("no password configured"),
                e.getMessage());
    }

    @Test
    void aPasswordRequestInTheMiddleOfScramIsRefused() throws Exception {
        ClientLogin login = rfcLogin();
        login.handle(OFFER);

        refused(login, AuthenticationCleartextPassword.INSTANCE, ClientLoginException.PROTOCOL_VIOLATION);
    }

    @Test
    void saslStepsOutOfOrderAreRefused() throws Exception {
        refused(rfcLogin(), serverFirst(Rfc7677.SERVER_FIRST), ClientLoginException.PROTOCOL_VIOLATION);
        refused(rfcLogin(), serverFinal(Rfc7677.SERVER_FINAL), ClientLoginException.PROTOCOL_VIOLATION);

        ClientLogin login = rfcLogin();
        login.handle(OFFER);
        refused(login, serverFinal(Rfc7677.SERVER_FINAL), ClientLoginException.PROTOCOL_VIOLATION);
    }

    @Test
    void aSecondAuthenticationOkOrChallengeIsRefused() throws Exception {
        ClientLogin login = new ClientLogin("app", "secret");
        login.handle(AuthenticationOk.INSTANCE);

        assertThrows(ClientLoginException.class, () -> login.handle(AuthenticationCleartextPassword.INSTANCE));

        ClientLogin twice = new ClientLogin("app", null);
        twice.handle(AuthenticationOk.INSTANCE);
        ClientLoginException e = assertThrows(ClientLoginException.class,
                () -> twice.handle(AuthenticationOk.INSTANCE));
        assertEquals(ClientLoginException.PROTOCOL_VIOLATION, e.sqlState());
    }

    @Test
    void md5AcceptsAStoredHashInsteadOfThePassword() throws Exception {
        byte[] salt = {5, 6, 7, 8};
        String stored = Md5Password.encode("app", "secret");

        PasswordMessage reply = (PasswordMessage) new ClientLogin("app", stored)
                .handle(new AuthenticationMD5Password(salt)).orElseThrow();

        assertEquals(Md5Password.response("app", "secret", salt), reply.password());
    }
}
