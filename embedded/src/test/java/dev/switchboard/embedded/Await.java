// Test helper: polls a condition until it holds or a deadline passes.
package dev.switchboard.embedded;

import java.time.Duration;
import java.util.function.Supplier;

final class Await {

    private Await() {
    }

    /** Polls until the condition is true; exceptions count as "not yet" and are reported on timeout. */
    static void until(Duration timeout, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        for (;;) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            OsProcesses.pause(20);
        }
    }
}
