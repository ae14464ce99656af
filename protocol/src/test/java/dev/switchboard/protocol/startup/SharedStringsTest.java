// Tests for SharedStrings: equal startup strings share one copy, every string comes back equal to itself.
package dev.switchboard.protocol.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.protocol.TestBufs;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedStringsTest {

    @Test
    void twoClientsWithTheSameValueShareOneCopy() {
        String first = SharedStrings.shared(new String("app-reporting-7"));
        String second = new String("app-reporting-7");
        assertNotSame(first, second);
        assertSame(first, SharedStrings.shared(second));
    }

    @Test
    void twoStartupPacketsDecodedApartShareTheirNamesAndValues() {
        StartupMessage one = decode();
        StartupMessage two = decode();
        var a = one.parameters().entrySet().iterator();
        var b = two.parameters().entrySet().iterator();
        while (a.hasNext()) {
            var x = a.next();
            var y = b.next();
            assertSame(x.getKey(), y.getKey());
            assertSame(x.getValue(), y.getValue());
        }
    }

    @Test
    void aLongValueIsKeptAsItIs() {
        String longValue = "x".repeat(SharedStrings.MAX_LENGTH + 1);
        SharedStrings.shared(longValue);
        String again = new String(longValue);
        assertSame(again, SharedStrings.shared(again));
    }

    /** Strings that collide on a slot displace each other; none is ever answered with a different string. */
    @Test
    void everyStringComesBackEqualToItselfUnderCollisions() {
        long seed = System.nanoTime();
        System.out.println("SharedStringsTest seed " + seed);
        Random random = new Random(seed);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 5 * SharedStrings.SLOTS; i++) {
            pool.add("v" + random.nextInt(20 * SharedStrings.SLOTS));
        }
        for (int i = 0; i < 50_000; i++) {
            String s = new String(pool.get(random.nextInt(pool.size())));
            assertEquals(s, SharedStrings.shared(s), "seed " + seed);
        }
    }

    private static StartupMessage decode() {
        var channel = new EmbeddedChannel(new StartupDecoder());
        // version 3.0, user=bob, database=app
        channel.writeInbound(TestBufs.wrap(TestBufs.hex(
                "0000001f 00030000 7573657200 626f6200 646174616261736500 61707000 00")));
        StartupMessage message = channel.readInbound();
        channel.finishAndReleaseAll();
        return message;
    }
}
