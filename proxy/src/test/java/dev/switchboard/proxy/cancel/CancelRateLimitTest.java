// CancelRateLimitTest: cancels per address, with a burst, refilling as time passes — on a clock the test moves.
package dev.switchboard.proxy.cancel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CancelRateLimitTest {
    private final AtomicLong clock = new AtomicLong();
    private final CancelRateLimit limit = new CancelRateLimit(5, clock::get);

    @Test
    void aBurstOfTwiceTheRateIsAllowedThenTheRateItself() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        for (int i = 0; i < 10; i++) {
            assertTrue(limit.allow(a), "burst cancel " + i);
        }
        assertFalse(limit.allow(a), "the eleventh at once is over the limit");
        clock.addAndGet(200_000_000L); // 0.2 s earns one cancel at 5 a second
        assertTrue(limit.allow(a));
        assertFalse(limit.allow(a));
    }

    @Test
    void eachAddressHasItsOwnBucket() throws Exception {
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        for (int i = 0; i < 10; i++) {
            limit.allow(a);
        }
        assertFalse(limit.allow(a));
        assertTrue(limit.allow(b), "another client is not held back by the flood");
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        CancelRateLimit none = new CancelRateLimit(0, clock::get);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        for (int i = 0; i < 1000; i++) {
            assertTrue(none.allow(a));
        }
    }
}
