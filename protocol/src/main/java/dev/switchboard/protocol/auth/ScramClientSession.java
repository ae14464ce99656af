// The client side of one SCRAM-SHA-256 exchange: the proxy authenticating to PostgreSQL.
package dev.switchboard.protocol.auth;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Authenticates to a PostgreSQL server with SCRAM-SHA-256, without channel binding ({@code n,,}) unless
 * {@link #bind} says the connection uses TLS (then as libpq does with {@code channel_binding=prefer}: bound
 * with -PLUS when the server offers it, {@code y,,} when it does not). The user name is left empty because the server takes
 * it from the startup packet. Send {@link #clientFirstMessage()} in SASLInitialResponse, the result of
 * {@link #handleServerFirst} in SASLResponse, and check AuthenticationSASLFinal with
 * {@link #verifyServerFinal}. One instance per exchange, used from one thread.
 */
public final class ScramClientSession {

    /**
     * The highest iteration count accepted from a server. The count is the server's to choose (PostgreSQL's
     * default is 4096, its {@code scram_iterations} setting allows up to 2^31-1), but the client pays for it
     * in CPU at every login: a hostile or misconfigured server asking for billions would stall the caller for
     * minutes. One million is above every published recommendation for PBKDF2-HMAC-SHA-256 (OWASP's 600,000)
     * and still costs the client only about a second of CPU.
     */
    public static final int MAX_ITERATIONS = 1_000_000;

    private static final String UNBOUND_HEADER = "n,,";

    private enum State { INITIAL, FIRST_SENT, FINAL_SENT, VERIFIED, FAILED }

    /** (salt, iterations) -> keys; a password hashes, known keys ignore both. */
    private final BiFunction<byte[], Integer, ScramKeys> credential;
    private final String clientNonce;
    /** The saslname sent in n=; empty unless a test reproduces a published exchange. */
    private final String saslName;
    private State state = State.INITIAL;
    private String expectedServerSignature;
    /** The gs2 header of client-first-message, and c= of client-final-message. */
    private String gs2Header = UNBOUND_HEADER;
    private String channelBinding = ScramCrypto.base64(UNBOUND_HEADER.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    /** A session for {@code password} with a random nonce. */
    public ScramClientSession(String password) {
        this(password, ScramCrypto::randomNonce);
    }

    /** A session for {@code password} whose nonce comes from {@code nonceSource} (tests). */
    public ScramClientSession(String password, Supplier<String> nonceSource) {
        this(passwordCredential(password), nonceSource, "");
    }

    /** A session that names {@code user} in client-first-message, as RFC 7677's example does. */
    ScramClientSession(String user, String password, Supplier<String> nonceSource) {
        this(passwordCredential(password), nonceSource, user.replace("=", "=3D").replace(",", "=2C"));
    }

    /** A session whose keys come from {@code credential} (tests check when it is, and is not, called). */
    ScramClientSession(BiFunction<byte[], Integer, ScramKeys> credential, Supplier<String> nonceSource,
                       String saslName) {
        this.credential = credential;
        this.saslName = saslName;
        this.clientNonce = ScramCrypto.checkNonce(Objects.requireNonNull(nonceSource, "nonceSource").get());
    }

    /**
     * A session that proves knowledge of the password with its ClientKey and ServerKey instead of the
     * password (SCRAM pass-through: the keys come from {@link ScramServerSession#clientKey()} and the
     * user's {@link ScramSecret#serverKey()}). Works only when the server uses that secret's salt and
     * iteration count, which is the case when the server holds the same secret.
     */
    public static ScramClientSession withKeys(byte[] clientKey, byte[] serverKey, Supplier<String> nonceSource) {
        if (clientKey == null || serverKey == null
                || clientKey.length != ScramCrypto.KEY_LENGTH || serverKey.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException("SCRAM-SHA-256 ClientKey and ServerKey must be 32 bytes each");
        }
        ScramKeys keys = new ScramKeys(clientKey.clone(), ScramCrypto.sha256(clientKey), serverKey.clone());
        return new ScramClientSession((salt, iterations) -> keys, nonceSource, "");
    }

    /** {@link #withKeys(byte[], byte[], Supplier)} with a random nonce. */
    public static ScramClientSession withKeys(byte[] clientKey, byte[] serverKey) {
        return withKeys(clientKey, serverKey, ScramCrypto::randomNonce);
    }

    /**
     * The connection uses TLS with {@code tlsBinding}; {@code plus}: the server offered SCRAM-SHA-256-PLUS and it
     * is selected. Before {@link #clientFirstMessage}.
     */
    public void bind(ChannelBinding tlsBinding, boolean plus) {
        if (state != State.INITIAL) {
            throw new IllegalStateException("bind called in SCRAM client state " + state);
        }
        gs2Header = plus ? "p=" + ChannelBinding.TLS_SERVER_END_POINT + ",," : "y,,";
        channelBinding = plus ? tlsBinding.attribute(gs2Header)
                : ScramCrypto.base64(gs2Header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The client-first-message, {@code n,,n=,r=<nonce>} (or with the gs2 header {@link #bind} chose). */
    public String clientFirstMessage() {
        if (state != State.INITIAL) {
            throw new IllegalStateException("clientFirstMessage called in SCRAM client state " + state);
        }
        state = State.FIRST_SENT;
        return gs2Header + bare();
    }

    /**
     * Reads server-first-message and returns client-final-message.
     *
     * @throws ScramException (not an authentication failure) when the message is malformed, the server
     *                        nonce does not extend ours, the salt is missing or empty, or the iteration
     *                        count is below 1 or above {@link #MAX_ITERATIONS}
     */
    public String handleServerFirst(String serverFirst) throws ScramException {
        if (state != State.FIRST_SENT) {
            throw new IllegalStateException("handleServerFirst called in SCRAM client state " + state);
        }
        state = State.FAILED;
        ScramReader in = new ScramReader(serverFirst, "server-first-message");
        if (in.peek() == 'm') {
            throw ScramException.malformed("server requires an unsupported SCRAM extension");
        }
        String nonce = in.readPrintable('r');
        if (nonce.length() <= clientNonce.length() || !nonce.startsWith(clientNonce)) {
            throw ScramException.malformed("invalid SCRAM server-first-message: the server nonce does not extend"
                    + " the client nonce");
        }
        byte[] salt = in.readBase64('s');
        if (salt.length == 0) {
            throw ScramException.malformed("invalid SCRAM server-first-message: empty salt");
        }
        int iterations = parseIterations(in.read('i'));
        while (!in.atEnd()) {
            in.skipAny();
        }
        ScramKeys keys = credential.apply(salt, iterations);
        String withoutProof = "c=" + channelBinding + ",r=" + nonce;
        String authMessage = bare() + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = ScramCrypto.hmac(keys.storedKey(), authMessage);
        byte[] proof = ScramCrypto.xor(keys.clientKey(), clientSignature);
        expectedServerSignature = ScramCrypto.base64(ScramCrypto.hmac(keys.serverKey(), authMessage));
        state = State.FINAL_SENT;
        return withoutProof + ",p=" + ScramCrypto.base64(proof);
    }

    /**
     * Checks server-final-message.
     *
     * @throws ScramException with {@code authenticationFailed() == true} when the server reports an
     *                        error ({@code e=}) or its signature is wrong (it does not know the password)
     */
    public void verifyServerFinal(String serverFinal) throws ScramException {
        if (state != State.FINAL_SENT) {
            throw new IllegalStateException("verifyServerFinal called in SCRAM client state " + state);
        }
        state = State.FAILED;
        ScramReader in = new ScramReader(serverFinal, "server-final-message");
        if (in.peek() == 'e') {
            String error = in.read('e');
            throw ScramException.failed("SCRAM server reported an error: "
                    + (ScramCrypto.isPrintable(error) ? error : "(unprintable)"));
        }
        byte[] signature = in.readBase64('v');
        while (!in.atEnd()) {
            in.skipAny();
        }
        byte[] expected = ScramCrypto.unbase64(expectedServerSignature);
        if (!ScramCrypto.same(signature, expected)) {
            throw ScramException.failed("SCRAM server signature does not match: the server does not know"
                    + " the password");
        }
        state = State.VERIFIED;
    }

    /** True once {@link #verifyServerFinal} has accepted the server. */
    public boolean verified() {
        return state == State.VERIFIED;
    }

    private String bare() {
        return "n=" + saslName + ",r=" + clientNonce;
    }

    private static int parseIterations(String text) throws ScramException {
        int iterations;
        try {
            iterations = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ScramException.malformed("invalid SCRAM server-first-message: iteration count is not a number");
        }
        if (iterations < 1) {
            throw ScramException.malformed("invalid SCRAM server-first-message: iteration count must be at least 1");
        }
        if (iterations > MAX_ITERATIONS) {
            // Refused before any hashing: the count alone decides the work.
            throw ScramException.malformed("SCRAM server-first-message asks for " + iterations
                    + " iterations, more than the " + MAX_ITERATIONS + " this client accepts");
        }
        return iterations;
    }

    private static BiFunction<byte[], Integer, ScramKeys> passwordCredential(String password) {
        Objects.requireNonNull(password, "password");
        return (salt, iterations) -> ScramKeys.derive(password, salt, iterations);
    }
}
