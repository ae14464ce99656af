// A server connection that only records whether it is usable, leased and closed.
package dev.switchboard.pooling;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

final class FakeConnection implements ServerConnection {

    private final int id;
    private final AtomicBoolean broken = new AtomicBoolean();
    private final AtomicInteger closes = new AtomicInteger();
    /** Set by the stress test while a client holds it, to catch double leasing. */
    final AtomicBoolean inUse = new AtomicBoolean();

    FakeConnection(int id) {
        this.id = id;
    }

    void breakIt() {
        broken.set(true);
    }

    boolean isClosed() {
        return closes.get() > 0;
    }

    int closeCount() {
        return closes.get();
    }

    @Override
    public boolean isUsable() {
        return !broken.get() && closes.get() == 0;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    @Override
    public String toString() {
        return "fake#" + id;
    }
}
