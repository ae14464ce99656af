// FastThreadExecutor: runs JMH benchmark threads as Netty FastThreadLocalThreads, as event loops are.
package dev.switchboard.proxy.jmh;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Netty pools its per-write objects (outbound entries, derived buffers) per thread, and only event-loop-like
 * threads get the full benefit; on JMH's plain threads every transaction would allocate what the proxy's
 * loops reuse. Selected with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=<this class>}.
 */
public final class FastThreadExecutor extends ThreadPoolExecutor {
    public FastThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
