// CancelKeysTest: minted keys find their session, wrong or closed keys find nothing.
package dev.switchboard.proxy.cancel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancelKeysTest {
    private final CancelKeys keys = new CancelKeys();
    private final AtomicInteger cancels = new AtomicInteger();
    private final CancelKeys.Cancellable target = () -> {
        cancels.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    };

    @Test
    void theRightKeyCancelsOnce() {
        CancelKeys.Key key = keys.mint(32, target);
        assertEquals(32, key.secret().length);
        assertTrue(key.processId() > 0);
        assertTrue(keys.cancel(key.processId(), key.secret()).toCompletableFuture().join());
        assertEquals(1, cancels.get());
    }

    @Test
    void aWrongSecretOrAClosedKeyDoesNothing() {
        CancelKeys.Key key = keys.mint(4, target);
        byte[] wrong = key.secret();
        wrong[0] ^= 1;
        assertFalse(keys.cancel(key.processId(), wrong).toCompletableFuture().join());
        assertFalse(keys.cancel(key.processId(), new byte[32]).toCompletableFuture().join());
        key.close();
        assertFalse(keys.cancel(key.processId(), key.secret()).toCompletableFuture().join());
        assertEquals(0, cancels.get());
        assertEquals(0, keys.size());
    }

    @Test
    void keysAreDistinct() {
        CancelKeys.Key a = keys.mint(32, target);
        CancelKeys.Key b = keys.mint(32, target);
        assertNotEquals(a.processId(), b.processId());
        assertFalse(java.util.Arrays.equals(a.secret(), b.secret()));
    }

    @Test
    void refusesLengthsOutsideTheProtocolRange() {
        assertThrows(IllegalArgumentException.class, () -> keys.mint(3, target));
        assertThrows(IllegalArgumentException.class, () -> keys.mint(257, target));
    }
}
