// A server connection that records whether it is usable, leased and closed, with a scriptable health check.
package dev.switchboard.pooling;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

final class FakeConnection implements ServerConnection {

    /** What {@link #healthCheck()} does. */
    enum Health { AS_USABLE, FALSE, THROWS, FAILS, MANUAL }

    private final int id;
    private final Object affinity;
    private final AtomicBoolean broken = new AtomicBoolean();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile Health health = Health.AS_USABLE;
    /** Health checks asked for in MANUAL mode, for the test to complete. */
    final List<CompletableFuture<Boolean>> pendingChecks = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    /** Set by the stress test while a client holds it, to catch double leasing. */
    final AtomicBoolean inUse = new AtomicBoolean();

    FakeConnection(int id) {
        this(id, null);
    }

    FakeConnection(int id, Object affinity) {
        this.id = id;
        this.affinity = affinity;
    }

    void breakIt() {
        broken.set(true);
    }

    void health(Health health) {
        this.health = health;
    }

    int healthCheckCount() {
        return checks.get();
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
    public Object affinity() {
        return affinity;
    }

    @Override
    public CompletableFuture<Boolean> healthCheck() {
        checks.incrementAndGet();
        return switch (health) {
            case AS_USABLE -> ServerConnection.super.healthCheck();
            case FALSE -> CompletableFuture.completedFuture(false);
            case THROWS -> throw new IllegalStateException("check exploded");
            case FAILS -> CompletableFuture.failedFuture(new IllegalStateException("server went away"));
            case MANUAL -> {
                CompletableFuture<Boolean> f = new CompletableFuture<>();
                pendingChecks.add(f);
                yield f;
            }
        };
    }

    @Override
    public String toString() {
        return "fake#" + id;
    }
}
