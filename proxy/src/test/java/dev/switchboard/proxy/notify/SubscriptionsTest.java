// SubscriptionsTest: the sink/channel bookkeeping says exactly when a LISTEN or UNLISTEN is needed.
package dev.switchboard.proxy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    /** Equal to every other instance: the bookkeeping must still tell clients apart. */
    private static final class EqualSink implements NotificationSink {
        @Override
        public void deliver(ByteBuf message) {
            message.release();
        }

        @Override
        public void hubResumed(String message) {
        }

        @Override
        public void hubLost(String reason) {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EqualSink;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    private final Subscriptions subs = new Subscriptions();
    private final NotificationSink a = new EqualSink();
    private final NotificationSink b = new EqualSink();

    @Test
    void firstSinkOfAChannelNeedsListenLastNeedsUnlisten() {
        assertTrue(subs.add("ch", a));
        assertFalse(subs.add("ch", b));
        assertFalse(subs.add("ch", a), "joining twice is no new LISTEN");
        assertEquals(Map.of("ch", 2), subs.counts());
        assertFalse(subs.remove("ch", a));
        assertFalse(subs.remove("ch", a), "leaving twice is no UNLISTEN");
        assertTrue(subs.remove("ch", b));
        assertTrue(subs.isEmpty());
        assertEquals(Map.of(), subs.counts());
        assertTrue(subs.add("ch", a), "after the UNLISTEN the next sink needs a LISTEN again");
    }

    @Test
    void removingFromAChannelNobodyListensOnIsANoOp() {
        assertFalse(subs.remove("nobody", a));
        subs.add("ch", a);
        assertFalse(subs.remove("ch", b));
        assertEquals(Map.of("ch", 1), subs.counts());
    }

    @Test
    void channelsOfASinkAreACopy() {
        subs.add("x", a);
        subs.add("y", a);
        subs.add("y", b);
        List<String> channels = subs.channelsOf(a);
        assertEquals(Set.of("x", "y"), new HashSet<>(channels));
        for (String c : channels) {
            subs.remove(c, a); // must not disturb the list being iterated
        }
        assertEquals(List.of(), subs.channelsOf(a));
        assertEquals(Map.of("y", 1), subs.counts());
    }

    @Test
    void sinksOfAChannelAreTheRegisteredOnes() {
        subs.add("x", a);
        subs.add("x", b);
        assertEquals(2, subs.sinks("x").size());
        assertTrue(subs.sinks("x").stream().anyMatch(s -> s == a));
        assertTrue(subs.sinks("x").stream().anyMatch(s -> s == b));
        assertTrue(subs.sinks("none").isEmpty());
    }

    @Test
    void removeChannelDropsEverySinkOfIt() {
        subs.add("x", a);
        subs.add("x", b);
        subs.add("y", a);
        subs.removeChannel("x");
        assertEquals(Map.of("y", 1), subs.counts());
        assertEquals(List.of("y"), subs.channelsOf(a));
        assertEquals(List.of(), subs.channelsOf(b));
        subs.removeChannel("unknown");
    }

    @Test
    void clearReturnsEachSinkOnce() {
        subs.add("x", a);
        subs.add("y", a);
        subs.add("y", b);
        List<NotificationSink> all = subs.clear();
        assertEquals(2, all.size());
        assertTrue(all.stream().anyMatch(s -> s == a) && all.stream().anyMatch(s -> s == b));
        assertTrue(subs.isEmpty());
        assertEquals(List.of(), subs.channelsOf(a));
    }
}
