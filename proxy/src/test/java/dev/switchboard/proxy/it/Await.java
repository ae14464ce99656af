// Await: the one polling helper of the integration tests — wait until a condition holds, never sleep a guess.
package dev.switchboard.proxy.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls a condition with a short backoff (5 ms, doubling up to 50 ms) until it holds or the timeout passes.
 * A condition that throws an exception only says "not yet"; the last such exception is the cause of the
 * timeout's failure. An {@link Error} (a failed assertion: the process under test died, say) ends the wait
 * at once.
 */
public final class Await {
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 50;

    private Await() {
    }

    /** Waits until {@code condition} is true and returns the milliseconds it took; fails naming {@code what}. */
    public static long until(String what, Duration timeout, Callable<Boolean> condition) {
        return until(() -> what, timeout, condition);
    }

    /** As {@link #until(String, Duration, Callable)}; {@code what} is asked on a timeout, so it can tell the state then. */
    public static long until(Supplier<String> what, Duration timeout, Callable<Boolean> condition) {
        long start = System.nanoTime();
        value(what, timeout, () -> Boolean.TRUE.equals(condition.call()) ? Boolean.TRUE : null);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Waits until {@code probe} returns something other than null and returns it; fails naming {@code what}. */
    public static <T> T value(String what, Duration timeout, Callable<T> probe) {
        return value(() -> what, timeout, probe);
    }

    /** As {@link #value(String, Duration, Callable)}; {@code what} is asked on a timeout. */
    public static <T> T value(Supplier<String> what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        Exception last = null;
        for (;;) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
                last = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get(), e);
            } catch (Exception e) {
                last = e;
            }
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get()
                        + (last == null ? "" : " (last: " + last + ")"), last);
            }
            try {
                Thread.sleep(Math.min(pause, leftMillis)); // the polling period, not a guess at how long anything takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get(), e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }
}
