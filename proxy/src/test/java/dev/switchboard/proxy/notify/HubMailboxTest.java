// HubMailboxTest: tasks run one at a time, in order, on the home loop, and never re-entrantly.
package dev.switchboard.proxy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubMailboxTest {
    private final List<EventLoop> loops = new ArrayList<>();

    @AfterEach
    void stopLoops() throws InterruptedException {
        for (EventLoop loop : loops) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private EventLoop newLoop() {
        EventLoop loop = new DefaultEventLoop();
        loops.add(loop);
        return loop;
    }

    @Test
    void withoutHomeTasksRunOnTheCallerAndNestedOnesAfterwards() {
        HubMailbox mailbox = new HubMailbox("t");
        List<String> log = new ArrayList<>();
        mailbox.execute(() -> {
            log.add("outer start");
            mailbox.execute(() -> log.add("nested"));
            log.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "nested"), log);
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        HubMailbox mailbox = new HubMailbox("t");
        List<String> log = new ArrayList<>();
        mailbox.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        mailbox.execute(() -> log.add("after"));
        assertEquals(List.of("after"), log);
    }

    @Test
    void withHomeTasksRunOnTheHomeLoop() throws InterruptedException {
        EventLoop loop = newLoop();
        HubMailbox mailbox = new HubMailbox("t");
        mailbox.home(loop);
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean onLoop = new AtomicBoolean();
        mailbox.execute(() -> {
            onLoop.set(loop.inEventLoop());
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertTrue(onLoop.get());
    }

    @Test
    void manyThreadsNeverRunTwoTasksAtOnceAndEachThreadKeepsItsOrder() throws Exception {
        EventLoop first = newLoop();
        EventLoop second = newLoop();
        HubMailbox mailbox = new HubMailbox("t");
        mailbox.home(first);
        int threads = 4;
        int perThread = 5000;
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlap = new AtomicBoolean();
        int[] lastSeen = new int[threads];
        AtomicBoolean outOfOrder = new AtomicBoolean();
        AtomicBoolean offHome = new AtomicBoolean();
        CountDownLatch all = new CountDownLatch(threads * perThread);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            lastSeen[id] = -1;
            workers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int seq = i;
                    mailbox.execute(() -> {
                        if (inside.incrementAndGet() != 1) {
                            overlap.set(true);
                        }
                        if (!first.inEventLoop() && !second.inEventLoop()) {
                            offHome.set(true);
                        }
                        if (lastSeen[id] != seq - 1) { // confined to the mailbox: plain array is enough
                            outOfOrder.set(true);
                        }
                        lastSeen[id] = seq;
                        if (id == 0 && seq == perThread / 2) {
                            mailbox.home(second); // a reconnect moving the hub to another loop
                        }
                        inside.decrementAndGet();
                        all.countDown();
                    });
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "not every task ran");
        assertFalse(overlap.get(), "two tasks ran at once");
        assertFalse(outOfOrder.get(), "a thread's tasks ran out of order");
        assertFalse(offHome.get(), "a task ran outside the home loops");
    }
}
