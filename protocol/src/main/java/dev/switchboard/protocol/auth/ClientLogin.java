// ClientLogin: the client side of PostgreSQL authentication as an I/O-free state machine.
package dev.switchboard.protocol.auth;

import dev.switchboard.protocol.backend.Authentication;
import dev.switchboard.protocol.backend.AuthenticationCleartextPassword;
import dev.switchboard.protocol.backend.AuthenticationGSS;
import dev.switchboard.protocol.backend.AuthenticationGSSContinue;
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
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Logs in as one user with an optional password: trust, cleartext password, MD5 and SCRAM-SHA-256 (bound to
 * the TLS channel when {@link #tls} gave its binding). Feed it every Authentication message the server sends, in order, and send what
 * {@link #handle} returns; it does no I/O and keeps no buffers. The login is over when {@link #done()}: the
 * server sent AuthenticationOk and, after SCRAM, had proved with a verified AuthenticationSASLFinal that it
 * knows the password. Whoever reads the rest of the startup must call {@link #checkDone()} on ReadyForQuery,
 * so that a server cannot skip AuthenticationOk (and with it the proof) altogether.
 *
 * <p>A server gets one method per connection: a second challenge, a SASL step out of order or a password
 * request in the middle of SCRAM (a downgrade) is a protocol violation. One instance per connection, used
 * from one thread; after a failure it refuses every further call.
 */
public final class ClientLogin {

    /** The one SASL mechanism offered. */
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private enum State { START, PASSWORD_SENT, SCRAM_FIRST_SENT, SCRAM_FINAL_SENT, SCRAM_VERIFIED, DONE, FAILED }

    private final String user;
    private final String password;
    private final Supplier<ScramClientSession> scramFactory;
    private State state = State.START;
    private ScramClientSession scram;
    /** The binding of the connection's TLS (SCRAM-SHA-256-PLUS when offered), or null without TLS. */
    private ChannelBinding tlsBinding;

    /**
     * @param user     the user named in the StartupMessage (MD5 hashes it into the answer)
     * @param password the plain password, an {@code md5...} hash (MD5 only), or null when the server is
     *                 expected to trust the connection
     */
    public ClientLogin(String user, String password) {
        this(user, password, password == null ? null : () -> new ScramClientSession(password));
    }

    /**
     * A login without the password: SCRAM proves it with the user's ClientKey and ServerKey (pass-through, see
     * {@link ScramClientSession#withKeys}). A server that asks for a cleartext or MD5 password is refused.
     */
    public static ClientLogin withScramKeys(String user, byte[] clientKey, byte[] serverKey) {
        return new ClientLogin(user, null, () -> ScramClientSession.withKeys(clientKey, serverKey));
    }

    /** A login whose SCRAM sessions come from {@code scramFactory} (tests fix the nonce). */
    ClientLogin(String user, String password, Supplier<ScramClientSession> scramFactory) {
        this.user = user;
        this.password = password;
        this.scramFactory = scramFactory;
    }

    /**
     * Takes the server's next Authentication message.
     *
     * @return the message to send in reply, or empty when there is none (AuthenticationOk, AuthenticationSASLFinal)
     * @throws ClientLoginException when the login cannot go on; the connection must be closed
     */
    public Optional<FrontendMessage> handle(Authentication request) throws ClientLoginException {
        if (state == State.FAILED || state == State.DONE && !(request instanceof AuthenticationOk)) {
            throw fail(ClientLoginException.PROTOCOL_VIOLATION, "the server sent " + name(request) + " after "
                    + (state == State.DONE ? "the login had ended" : "the login had failed"));
        }
        try {
            return step(request);
        } catch (ClientLoginException e) {
            state = State.FAILED;
            throw e;
        }
    }

    /** The connection to the server uses TLS: SCRAM binds to it (see {@link ScramClientSession#bind}). */
    public void tls(ChannelBinding binding) {
        this.tlsBinding = binding;
    }

    /** True once the server has accepted the login (and, after SCRAM, proved it knows the password). */
    public boolean done() {
        return state == State.DONE;
    }

    /** Refuses a server that goes on with the startup (ReadyForQuery) before the login is done. */
    public void checkDone() throws ClientLoginException {
        if (state != State.DONE) {
            throw fail(ClientLoginException.PROTOCOL_VIOLATION, "the server ended the startup without"
                    + " completing authentication (no AuthenticationOk" + (scram != null ? " after SCRAM" : "")
                    + ")");
        }
    }

    private Optional<FrontendMessage> step(Authentication request) throws ClientLoginException {
        if (request instanceof AuthenticationOk) {
            return accept();
        }
        if (request instanceof AuthenticationCleartextPassword) {
            expectStart(request);
            PasswordMessage answer = new PasswordMessage(password("password"));
            state = State.PASSWORD_SENT;
            return Optional.of(answer);
        }
        if (request instanceof AuthenticationMD5Password md5) {
            expectStart(request);
            String answer = Md5Password.response(user, password("md5"), md5.salt());
            state = State.PASSWORD_SENT;
            return Optional.of(new PasswordMessage(answer));
        }
        if (request instanceof AuthenticationSASL sasl) {
            expectStart(request);
            if (!sasl.mechanisms().contains(SCRAM_SHA_256)) {
                throw fail(ClientLoginException.INVALID_AUTHORIZATION, "the server offers SASL mechanisms "
                        + sasl.mechanisms() + ", none of which this client supports (it speaks " + SCRAM_SHA_256 + ")");
            }
            if (scramFactory == null) {
                password(SCRAM_SHA_256); // says there is none
            }
            scram = scramFactory.get();
            boolean plus = tlsBinding != null && sasl.mechanisms().contains(ChannelBinding.SCRAM_SHA_256_PLUS);
            if (tlsBinding != null) {
                scram.bind(tlsBinding, plus);
            }
            state = State.SCRAM_FIRST_SENT;
            return Optional.of(new SASLInitialResponse(plus ? ChannelBinding.SCRAM_SHA_256_PLUS : SCRAM_SHA_256,
                    utf8(scram.clientFirstMessage())));
        }
        if (request instanceof AuthenticationSASLContinue challenge) {
            expect(State.SCRAM_FIRST_SENT, request);
            String clientFinal;
            try {
                clientFinal = scram.handleServerFirst(text(challenge.data()));
            } catch (ScramException e) {
                throw scramFailure(e);
            }
            state = State.SCRAM_FINAL_SENT;
            return Optional.of(new SASLResponse(utf8(clientFinal)));
        }
        if (request instanceof AuthenticationSASLFinal outcome) {
            expect(State.SCRAM_FINAL_SENT, request);
            String serverFinal = text(outcome.data());
            try {
                scram.verifyServerFinal(serverFinal);
            } catch (ScramException e) {
                // e= is the server refusing our proof (a wrong password, 28P01); a signature that does not
                // verify is the server failing to prove itself, which is no fault of the client's password.
                boolean impostor = e.authenticationFailed() && !serverFinal.startsWith("e=");
                throw impostor ? fail(ClientLoginException.INVALID_AUTHORIZATION, "SCRAM authentication failed: "
                        + e.getMessage(), e) : scramFailure(e);
            }
            state = State.SCRAM_VERIFIED;
            return Optional.empty();
        }
        throw fail(ClientLoginException.INVALID_AUTHORIZATION, "the server asks for " + name(request)
                + " authentication of user \"" + user + "\", which this client does not support; use"
                + " scram-sha-256, md5, password or trust for it in pg_hba.conf");
    }

    private Optional<FrontendMessage> accept() throws ClientLoginException {
        switch (state) {
            case START, PASSWORD_SENT, SCRAM_VERIFIED -> {
                state = State.DONE;
                return Optional.empty();
            }
            case SCRAM_FIRST_SENT, SCRAM_FINAL_SENT ->
                // The only proof a SCRAM server gives is its signature; without it anyone could say "Ok".
                throw fail(ClientLoginException.PROTOCOL_VIOLATION, "the server accepted the login without"
                        + " proving it knows the password (AuthenticationOk before a verified"
                        + " AuthenticationSASLFinal)");
            default -> throw fail(ClientLoginException.PROTOCOL_VIOLATION, "the server sent AuthenticationOk twice");
        }
    }

    private void expectStart(Authentication request) throws ClientLoginException {
        expect(State.START, request);
    }

    private void expect(State expected, Authentication request) throws ClientLoginException {
        if (state != expected) {
            throw fail(ClientLoginException.PROTOCOL_VIOLATION, "the server sent " + name(request) + " out of"
                    + " order (" + describe(state) + ")");
        }
    }

    private String password(String method) throws ClientLoginException {
        if (password == null) {
            throw fail(ClientLoginException.INVALID_AUTHORIZATION, "the server asks for a password (" + method
                    + ") for user \"" + user + "\", but it has no password configured");
        }
        return password;
    }

    /** A refused password is 28P01, a malformed or hostile message 08P01. */
    private static ClientLoginException scramFailure(ScramException e) {
        return fail(e.authenticationFailed() ? ClientLoginException.INVALID_PASSWORD
                : ClientLoginException.PROTOCOL_VIOLATION, "SCRAM authentication failed: " + e.getMessage(), e);
    }

    private static ClientLoginException fail(String sqlState, String message) {
        return fail(sqlState, message, null);
    }

    private static ClientLoginException fail(String sqlState, String message, Throwable cause) {
        return new ClientLoginException(sqlState, message, cause);
    }

    private static String describe(State state) {
        return switch (state) {
            case START -> "no method had been chosen";
            case PASSWORD_SENT -> "a password had been sent";
            case SCRAM_FIRST_SENT, SCRAM_FINAL_SENT, SCRAM_VERIFIED -> "during SCRAM-SHA-256";
            case DONE -> "the login had ended";
            case FAILED -> "the login had failed";
        };
    }

    /** How a request is named in errors: by method for the unsupported ones, by message otherwise. */
    private static String name(Authentication request) {
        if (request instanceof AuthenticationGSS || request instanceof AuthenticationGSSContinue) {
            return "GSSAPI";
        }
        if (request instanceof AuthenticationSSPI) {
            return "SSPI";
        }
        if (request instanceof AuthenticationKerberosV5) {
            return "Kerberos V5";
        }
        if (request instanceof AuthenticationOther) {
            return "an unknown method (request code " + request.code() + ")";
        }
        return request.getClass().getSimpleName();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
