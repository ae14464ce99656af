// BusyClient: a client that runs a step over and over on its own thread while a test moves the proxy under it.
package dev.switchboard.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The first error a step throws is kept and fails {@link #goesOnThenStops}; the thread stops at that error. */
final class BusyClient implements AutoCloseable {
    /** One round of the client's work; {@code n} counts the rounds from 1. */
    interface Step {
        void run(int n) throws Exception;
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private BusyClient(String name, Step step) {
        thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    step.run(rounds.incrementAndGet());
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
    }

    /** Starts the client and returns once it has run a few rounds. */
    static BusyClient start(String name, Step step) {
        BusyClient busy = new BusyClient(name, step);
        busy.thread.start();
        Await.until("the busy client runs", WAIT, () -> busy.rounds.get() > 10);
        return busy;
    }

    /** Waits for a few more rounds, stops the client, and fails if any round failed. */
    void goesOnThenStops() throws InterruptedException {
        int before = rounds.get();
        Await.until("the busy client goes on", WAIT, () -> rounds.get() > before + 10);
        close();
        thread.join(WAIT.toMillis());
        assertEquals(null, failure.get(), "the busy client saw an error");
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
