// A ticker tests move by hand, so that timeouts happen exactly when a test says.
package dev.switchboard.pooling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

final class ManualTicker implements Ticker {

    private final AtomicLong nanos;

    ManualTicker() {
        this(0);
    }

    /** Start anywhere, e.g. near overflow, to prove comparisons subtract rather than compare. */
    ManualTicker(long start) {
        nanos = new AtomicLong(start);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
