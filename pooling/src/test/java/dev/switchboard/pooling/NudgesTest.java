// Cross-pool work started from inside cross-pool work runs after it, in order, on a flat stack.
package dev.switchboard.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NudgesTest {

    @Test
    void nestedWorkIsQueuedNotRecursed() {
        int chain = 100_000; // recursion this deep would overflow the stack
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        int base = Thread.currentThread().getStackTrace().length;
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            deepest.accumulateAndGet(Thread.currentThread().getStackTrace().length - base, Math::max);
            if (ran.incrementAndGet() < chain) {
                Nudges.run(step[0]);
            }
        };
        Nudges.run(step[0]);
        assertEquals(chain, ran.get());
        assertTrue(deepest.get() < 20, "stack grew by " + deepest.get() + " frames");
    }

    @Test
    void queuedWorkRunsInOrderAndAFailureDoesNotStrandTheRest() {
        List<String> order = new ArrayList<>();
        Nudges.run(() -> {
            order.add("outer");
            Nudges.run(() -> order.add("first"));
            Nudges.run(() -> {
                throw new IllegalStateException("one pool failed");
            });
            Nudges.run(() -> order.add("third"));
            order.add("outer done");
        });
        assertEquals(List.of("outer", "outer done", "first", "third"), order);
        Nudges.run(() -> order.add("later")); // the thread is free again
        assertEquals("later", order.get(order.size() - 1));
    }
}
