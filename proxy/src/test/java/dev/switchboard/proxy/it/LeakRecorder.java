// LeakRecorder: a Logback appender that keeps netty's leak reports so tests can fail on them.
package dev.switchboard.proxy.it;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty reports a leak when a tracked buffer is garbage collected unreleased, at the next tracked
 * allocation. {@link #assertNoLeaks()} provokes that (GC, then allocations) and fails on any report.
 */
public final class LeakRecorder extends AppenderBase<ILoggingEvent> {
    private static final List<String> LEAKS = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getFormattedMessage().contains("LEAK:")) {
            synchronized (LEAKS) {
                LEAKS.add(event.getFormattedMessage());
            }
        }
    }

    public static void assertNoLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 200; j++) {
                ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                buf.release();
            }
        }
        synchronized (LEAKS) {
            if (!LEAKS.isEmpty()) {
                String first = LEAKS.get(0);
                int count = LEAKS.size();
                LEAKS.clear();
                throw new AssertionError(count + " netty buffer leak(s) reported; first:\n" + first);
            }
        }
    }
}
