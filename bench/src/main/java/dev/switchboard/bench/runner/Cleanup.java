// Cleanup: everything the bench started, closed in reverse order at the end or from the Ctrl-C hook.
package dev.switchboard.bench.runner;

import java.util.ArrayDeque;
import java.util.Deque;

/** Thread-safe and idempotent: the main thread and the shutdown hook may both close it. */
public final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private volatile boolean closed;

    /**
     * Registers {@code resource} to be closed before everything registered earlier. After {@link #close()}
     * (Ctrl-C while the main thread was still starting something) it is closed at once and this throws.
     */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new IllegalStateException("the bench is shutting down");
        }
        resources.push(resource);
        return resource;
    }

    /** True once {@link #close()} started: the runner stops starting new runs. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes everything registered, newest first; a failure is printed and does not stop the rest. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!resources.isEmpty()) {
            closeQuietly(resources.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("switchboard bench: cleanup of " + resource + " failed: " + e);
        }
    }
}
