// The server side of one SCRAM-SHA-256 exchange (RFC 5802/7677), as PostgreSQL runs it, with or without channel binding.
package dev.switchboard.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Verifies a client against a {@link ScramSecret}. Feed it the SASLInitialResponse data
 * ({@link #handleClientFirst}) and then the SASLResponse data ({@link #handleClientFinal}); send back
 * what they return in AuthenticationSASLContinue and AuthenticationSASLFinal.
 *
 * <p>Without {@link #channelBinding} (a connection without TLS) only "SCRAM-SHA-256" is offered: a client
 * asking for channel binding ({@code p=}) is refused, and {@code n} and {@code y} are accepted. Over TLS the
 * mechanisms are "SCRAM-SHA-256-PLUS" and "SCRAM-SHA-256", with PostgreSQL's rules: PLUS needs
 * {@code p=tls-server-end-point} and the matching certificate hash, and {@code y} (the client thinks the
 * server cannot bind) is refused as a downgrade. Like PostgreSQL, the user name inside the message is ignored:
 * the user comes from the startup packet. One instance per exchange, used from one thread; after any
 * exception the session is dead.
 */
public final class ScramServerSession {

    private enum State { EXPECT_CLIENT_FIRST, EXPECT_CLIENT_FINAL, SUCCEEDED, FAILED }

    private final ScramSecret secret;
    private final Supplier<String> nonceSource;
    private final boolean doomed;
    private State state = State.EXPECT_CLIENT_FIRST;
    /** The binding of this connection's TLS, or null without TLS. */
    private ChannelBinding binding;
    /** The client selected SCRAM-SHA-256-PLUS. */
    private boolean plusSelected;
    /** client-first-message said {@code p=tls-server-end-point}. */
    private boolean bound;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private byte[] clientKey;

    /** A session with random 18-byte server nonces. */
    public ScramServerSession(ScramSecret secret) {
        this(secret, ScramCrypto::randomNonce);
    }

    /** A session whose server nonce parts come from {@code nonceSource} (tests). */
    public ScramServerSession(ScramSecret secret, Supplier<String> nonceSource) {
        this(secret, nonceSource, false);
    }

    private ScramServerSession(ScramSecret secret, Supplier<String> nonceSource, boolean doomed) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.nonceSource = Objects.requireNonNull(nonceSource, "nonceSource");
        this.doomed = doomed;
    }

    /**
     * A session for a user that does not exist (or has no usable secret) which runs the whole exchange
     * and then fails like a wrong password, so that clients cannot probe which users exist. The salt is
     * derived from {@code user} and {@code mockKey} (a per-installation random secret) so it is the same
     * on every attempt, as a real user's salt would be.
     */
    public static ScramServerSession doomed(String user, byte[] mockKey) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(mockKey, "mockKey");
        byte[] digest = ScramCrypto.hmac(mockKey, "mock salt:" + user);
        byte[] salt = Arrays.copyOf(digest, ScramCrypto.DEFAULT_SALT_LENGTH);
        byte[] junk = new byte[ScramCrypto.KEY_LENGTH];
        ScramCrypto.RANDOM.nextBytes(junk);
        ScramSecret fake = new ScramSecret(ScramCrypto.DEFAULT_ITERATIONS, salt, junk, junk);
        return new ScramServerSession(fake, ScramCrypto::randomNonce, true);
    }

    /**
     * The connection uses TLS with this binding, and the client selected {@code mechanism}; before
     * {@link #handleClientFirst}. Without a call the connection counts as one without TLS.
     */
    public void channelBinding(ChannelBinding tlsBinding, String mechanism) {
        expectState(State.EXPECT_CLIENT_FIRST, "channelBinding");
        this.binding = Objects.requireNonNull(tlsBinding, "tlsBinding");
        this.plusSelected = ChannelBinding.SCRAM_SHA_256_PLUS.equals(mechanism);
    }

    /** The mechanisms a client may select, best first, as PostgreSQL lists them. */
    public static java.util.List<String> mechanisms(boolean tls) {
        return tls ? java.util.List.of(ChannelBinding.SCRAM_SHA_256_PLUS, "SCRAM-SHA-256") : java.util.List.of("SCRAM-SHA-256");
    }

    private void checkUnbound(char flag) throws ScramException {
        if (plusSelected) {
            throw ScramException.malformed("the client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not"
                    + " include channel binding data");
        }
        if (flag == 'y' && binding != null) {
            // The client could bind and believes the server cannot: something between them removed the -PLUS.
            throw ScramException.malformed("SCRAM channel binding negotiation error: the client supports SCRAM"
                    + " channel binding but thinks the server does not; however, this server does support it");
        }
    }

    private void checkBindingType(String type) throws ScramException {
        if (!plusSelected) {
            throw ScramException.malformed(binding == null ? "client requested SCRAM channel binding, but the"
                    + " connection does not use TLS" : "the client selected SCRAM-SHA-256 without channel binding,"
                    + " but the SCRAM message includes channel binding data");
        }
        if (!ChannelBinding.TLS_SERVER_END_POINT.equals(type)) {
            throw ScramException.malformed("unsupported SCRAM channel-binding type \"" + type + "\"");
        }
        bound = true;
    }

    /**
     * Reads client-first-message and returns server-first-message.
     *
     * @throws ScramException (not an authentication failure) when the message is malformed or asks for
     *                        channel binding, an authorization identity or a mandatory extension
     */
    public String handleClientFirst(String clientFirstMessage) throws ScramException {
        expectState(State.EXPECT_CLIENT_FIRST, "handleClientFirst");
        state = State.FAILED;
        ScramReader in = new ScramReader(clientFirstMessage, "client-first-message");
        char flag = in.peek();
        switch (flag) {
            case 'n', 'y' -> {
                in.expect(flag, "channel-binding flag");
                in.expect(',', "comma after the channel-binding flag");
                checkUnbound(flag);
            }
            case 'p' -> checkBindingType(in.read('p'));
            default -> throw ScramException.malformed("malformed SCRAM client-first-message: channel-binding flag"
                    + " 'n', 'y' or 'p' expected");
        }
        if (in.peek() == 'a') {
            throw ScramException.malformed("client uses a SCRAM authorization identity, but it is not supported");
        }
        in.expect(',', "comma after the (empty) authorization identity");
        gs2Header = clientFirstMessage.substring(0, in.position());
        clientFirstBare = clientFirstMessage.substring(in.position());
        if (in.peek() == 'm') {
            throw ScramException.malformed("client requires an unsupported SCRAM extension");
        }
        in.read('n');
        String clientNonce = in.readPrintable('r');
        while (!in.atEnd()) {
            in.skipAny();
        }
        nonce = clientNonce + ScramCrypto.checkNonce(nonceSource.get());
        serverFirst = "r=" + nonce + ",s=" + ScramCrypto.base64(secret.salt()) + ",i=" + secret.iterations();
        state = State.EXPECT_CLIENT_FINAL;
        return serverFirst;
    }

    /**
     * Reads client-final-message, verifies the proof and returns server-final-message ({@code v=...}).
     *
     * @throws ScramException with {@code authenticationFailed() == true} for a wrong password, false for a
     *                        malformed message, a channel-binding mismatch or a wrong nonce
     */
    public String handleClientFinal(String clientFinalMessage) throws ScramException {
        expectState(State.EXPECT_CLIENT_FINAL, "handleClientFinal");
        state = State.FAILED;
        ScramReader in = new ScramReader(clientFinalMessage, "client-final-message");
        String channelBinding = in.read('c');
        String expectedBinding = bound ? binding.attribute(gs2Header)
                : ScramCrypto.base64(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!channelBinding.equals(expectedBinding)) {
            throw ScramException.malformed(bound ? "SCRAM channel binding check failed: the client saw another"
                    + " TLS server certificate than this server's"
                    : "unexpected SCRAM channel-binding attribute in client-final-message"
                    + " (it must repeat the gs2 header of client-first-message)");
        }
        if (!in.read('r').equals(nonce)) {
            throw ScramException.malformed("SCRAM nonce mismatch in client-final-message");
        }
        while (!in.atEnd() && in.peek() != 'p') {
            in.skipAny();
        }
        int proofStart = in.position();
        byte[] proof = in.readBase64('p');
        in.expectEnd();
        if (proof.length != ScramCrypto.KEY_LENGTH) {
            throw ScramException.malformed("malformed SCRAM client-final-message: ClientProof must be 32 bytes");
        }
        String authMessage = clientFirstBare + "," + serverFirst + ","
                + clientFinalMessage.substring(0, proofStart - 1);
        byte[] storedKey = secret.storedKey();
        byte[] candidateKey = ScramCrypto.xor(proof, ScramCrypto.hmac(storedKey, authMessage));
        boolean ok = ScramCrypto.same(ScramCrypto.sha256(candidateKey), storedKey);
        if (!ok || doomed) {
            throw ScramException.failed("SCRAM authentication failed: the client proof does not match the secret");
        }
        clientKey = candidateKey;
        state = State.SUCCEEDED;
        return "v=" + ScramCrypto.base64(ScramCrypto.hmac(secret.serverKey(), authMessage));
    }

    /** True once {@link #handleClientFinal} has verified the client. */
    public boolean succeeded() {
        return state == State.SUCCEEDED;
    }

    /**
     * The client's ClientKey (ClientProof XOR ClientSignature), recovered during a successful exchange;
     * with the secret's ServerKey it lets the proxy answer the backend's SCRAM challenge for this user.
     *
     * @throws IllegalStateException before a successful {@link #handleClientFinal}
     */
    public byte[] clientKey() {
        if (state != State.SUCCEEDED) {
            throw new IllegalStateException("ClientKey is known only after a successful SCRAM exchange");
        }
        return clientKey.clone();
    }

    private void expectState(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + " called in SCRAM server state " + state);
        }
    }
}
