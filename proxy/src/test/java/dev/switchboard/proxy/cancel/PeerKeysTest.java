// PeerKeysTest: keys name their instance and hold only with the shared secret.
package dev.switchboard.proxy.cancel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PeersConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PeerKeysTest {
    private static final String SECRET = "a shared secret of some length";

    private static PeerKeys instance(int self, String secret) {
        return new PeerKeys(new PeersConfig(self, secret, Map.of(3 - self, NodeAddress.parse("127.0.0.1:" + (6430 + 3 - self)))));
    }

    @Test
    void keysOfOneInstanceHoldAtAnotherThatSharesTheSecret() {
        CancelKeys one = new CancelKeys(instance(1, SECRET));
        PeerKeys two = instance(2, SECRET);
        PeerKeys stranger = instance(2, "another secret, not shared");
        for (int length : new int[] {4, 32, 256}) {
            CancelKeys.Key key = one.mint(length, () -> CompletableFuture.completedFuture(null));
            assertEquals(1, PeerKeys.instanceOf(key.processId()));
            assertTrue(key.processId() > 0);
            assertFalse(two.issuedHere(key.processId()));
            assertTrue(two.authentic(key.processId(), key.secret()), "length " + length);
            assertFalse(stranger.authentic(key.processId(), key.secret()), "length " + length);
            byte[] forged = key.secret();
            forged[forged.length - 1] ^= 1;
            assertFalse(two.authentic(key.processId(), forged), "length " + length);
            assertFalse(two.authentic(key.processId() ^ 1, key.secret()), "length " + length);
            assertEquals(6431, two.addressOf(key.processId()).getPort());
            key.close();
        }
        assertNull(two.addressOf(5 << 24 | 7), "an instance that is no peer");
    }

    @Test
    void longKeysAreNotAFunctionOfTheProcessIdAlone() {
        PeerKeys keys = instance(1, SECRET);
        int pid = keys.processId(42);
        byte[] a = keys.sign(pid, new byte[32], 32);
        byte[] b = keys.sign(pid, filled(32), 32);
        assertFalse(java.util.Arrays.equals(a, b));
        assertArrayEquals(keys.sign(pid, new byte[0], 4), keys.sign(pid, filled(4), 4), "a 3.0 key is the signature");
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 7);
        return b;
    }
}
