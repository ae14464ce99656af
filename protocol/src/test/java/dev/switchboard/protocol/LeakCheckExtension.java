// Fails any test after which netty's leak detector reports a leaked buffer.
package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test through the service file. Netty only logs leaks ("LEAK: ..."), so the
 * detector's logger is captured and, after each test, collected garbage is made to surface.
 */
public final class LeakCheckExtension implements AfterEachCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    // JUL holds loggers weakly: keep ours so the handler stays attached.
    private static final Logger DETECTOR_LOGGER;

    static {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        DETECTOR_LOGGER = Logger.getLogger(io.netty.util.ResourceLeakDetector.class.getName());
        DETECTOR_LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String msg = record.getMessage();
                if (msg != null && msg.contains("LEAK")) {
                    LEAKS.add(msg);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        // Leaks are reported when a later allocation polls the detector's reference queue, which the
        // JVM fills after a GC on its own thread: a canary on our own queue tells us it has run.
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
        int tries = 0;
        do {
            System.gc();
        } while (queue.remove(50) == null && ++tries < 20);
        canary.clear();
        ByteBuf a = Unpooled.buffer(8);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(8);
        ByteBuf c = Unpooled.directBuffer(8);
        a.release();
        b.release();
        c.release();
        if (!LEAKS.isEmpty()) {
            String all = String.join("\n", LEAKS);
            LEAKS.clear();
            throw new AssertionError("netty reported leaked buffers:\n" + all);
        }
    }
}
