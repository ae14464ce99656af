// A connector that connects at once, or holds each connect open until the test completes or fails it.
package dev.switchboard.pooling;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

final class FakeConnector implements ServerConnector<FakeConnection> {

    private final boolean manual;
    private final AtomicInteger connects = new AtomicInteger();
    private final List<FakeConnection> created = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<CompletableFuture<FakeConnection>> pending = new ConcurrentLinkedDeque<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicReference<Object> affinity = new AtomicReference<>();

    private FakeConnector(boolean manual) {
        this.manual = manual;
    }

    /** Every connect succeeds (or fails, see {@link #failWith}) before connect() returns. */
    static FakeConnector immediate() {
        return new FakeConnector(false);
    }

    /** Connects stay pending until {@link #completeNext()} or {@link #failNext}. */
    static FakeConnector manual() {
        return new FakeConnector(true);
    }

    /** Immediate mode: fail connects with {@code e} until cleared with null. */
    void failWith(RuntimeException e) {
        failure.set(e);
    }

    /** Connections created from now on report this affinity (null = none). */
    void affinity(Object value) {
        affinity.set(value);
    }

    @Override
    public CompletableFuture<FakeConnection> connect() {
        connects.incrementAndGet();
        if (manual) {
            CompletableFuture<FakeConnection> f = new CompletableFuture<>();
            pending.addLast(f);
            return f;
        }
        RuntimeException e = failure.get();
        return e != null ? CompletableFuture.failedFuture(e) : CompletableFuture.completedFuture(newConnection());
    }

    FakeConnection completeNext() {
        CompletableFuture<FakeConnection> f = next();
        FakeConnection c = newConnection();
        f.complete(c);
        return c;
    }

    void failNext(Throwable t) {
        next().completeExceptionally(t);
    }

    int pendingCount() {
        return pending.size();
    }

    int connectCount() {
        return connects.get();
    }

    List<FakeConnection> created() {
        return created;
    }

    private CompletableFuture<FakeConnection> next() {
        CompletableFuture<FakeConnection> f = pending.pollFirst();
        if (f == null) {
            throw new AssertionError("no connect is pending");
        }
        return f;
    }

    private FakeConnection newConnection() {
        FakeConnection c = new FakeConnection(created.size() + 1, affinity.get());
        created.add(c);
        return c;
    }
}
