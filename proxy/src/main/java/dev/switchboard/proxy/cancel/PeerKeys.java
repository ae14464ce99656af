// PeerKeys: cancel keys that name the Switchboard instance that issued them, signed with the peers' shared secret.
package dev.switchboard.proxy.cancel;

import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PeersConfig;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * With peers configured, a key's process id carries the issuing instance's id in its top byte (the rest is
 * random), and its secret is signed: a 4-byte secret (protocol 3.0) is the first 4 bytes of
 * HMAC-SHA256(shared secret, process id); a longer one (3.2) is a random first half followed by the HMAC of the
 * process id and that half. An instance that gets a cancel request for another instance's key checks the
 * signature and forwards it there; anything else is dropped, as PostgreSQL drops a wrong key.
 */
public final class PeerKeys {
    private static final String HMAC = "HmacSHA256";

    private final int self;
    private final SecretKeySpec secret;
    private final Map<Integer, NodeAddress> instances;

    public PeerKeys(PeersConfig config) {
        this.self = config.self();
        this.secret = new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), HMAC);
        this.instances = config.instances();
    }

    /** The instance that issued a key with this process id. */
    public static int instanceOf(int processId) {
        return processId >>> 24;
    }

    public boolean issuedHere(int processId) {
        return instanceOf(processId) == self;
    }

    /** A process id of this instance from {@code random} bits: never 0 in its random part, always positive. */
    int processId(int random) {
        int low = random & 0xFF_FFFF;
        return self << 24 | (low == 0 ? 1 : low);
    }

    /** The signed secret of {@code length} bytes; {@code nonce} supplies the random half of a long one. */
    byte[] sign(int processId, byte[] nonce, int length) {
        if (length == 4) {
            return Arrays.copyOf(mac(processId, new byte[0]), 4);
        }
        int half = length / 2;
        byte[] key = Arrays.copyOf(nonce, length);
        byte[] mac = mac(processId, Arrays.copyOf(nonce, half));
        for (int i = half; i < length; i++) {
            key[i] = mac[(i - half) % mac.length];
        }
        return key;
    }

    /** Whether a key with this process id and secret was issued by an instance that knows the shared secret. */
    public boolean authentic(int processId, byte[] key) {
        if (key.length < 4) {
            return false;
        }
        byte[] nonce = key.length == 4 ? new byte[0] : Arrays.copyOf(key, key.length / 2);
        return MessageDigest.isEqual(sign(processId, Arrays.copyOf(nonce, key.length), key.length), key);
    }

    /** Where the instance that issued this process id takes cancel requests, or null when it is not a known peer. */
    public InetSocketAddress addressOf(int processId) {
        NodeAddress address = instances.get(instanceOf(processId));
        return address == null ? null : InetSocketAddress.createUnresolved(address.host(), address.port());
    }

    private byte[] mac(int processId, byte[] nonce) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            mac.update(ByteBuffer.allocate(4).putInt(processId).array());
            return mac.doFinal(nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
