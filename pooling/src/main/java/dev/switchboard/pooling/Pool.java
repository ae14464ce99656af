// The pool of server connections for one (node, database, user): its lists, waiters and hand-offs.
package dev.switchboard.pooling;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, thread-safe pool of server connections for one {@link PoolKey}.
 *
 * <p>Callers on any thread {@link #acquire()} a {@link Lease}; they get the most recently used idle
 * connection, else a new one if the pool is below {@code maxSize}, else a place in a FIFO queue.
 * A released connection goes straight to the oldest waiter. All decisions are made under one lock
 * held for a few list operations; futures are completed, connections opened and closed only after
 * the lock is released, so callbacks may re-enter the pool.
 *
 * <p>A callback that releases its lease synchronously hands the connection to the next waiter on the
 * same stack; callers on event loops should continue on their own loop (e.g.
 * {@code thenAcceptAsync(..., eventLoop)}) rather than chain releases inline.
 *
 * <p>Time comes only from the {@link Ticker}; the owner calls {@link #runMaintenance()} on a schedule.
 *
 * @param <C> the connection type
 */
public final class Pool<C extends ServerConnection> {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    private final PoolKey key;
    private final PoolSettings settings;
    private final ServerConnector<C> connector;
    private final Ticker ticker;
    private final long waitNanos;
    private final long idleNanos;
    private final long lifetimeNanos;

    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock.
    private final ServerLists<C> servers = new ServerLists<>();
    private final ArrayDeque<Waiter<C>> waiters = new ArrayDeque<>();
    private final List<Binding> bindings = new ArrayList<>();
    private long nextServerId = 1;
    private long waitTimeouts;
    private boolean closed;

    private record Binding(MeterRegistry registry, List<Meter> meters) { }

    public Pool(PoolKey key, PoolSettings settings, ServerConnector<C> connector, Ticker ticker) {
        this.key = Objects.requireNonNull(key, "key");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.waitNanos = Durations.toNanos(settings.waitTimeout());
        this.idleNanos = Durations.toNanos(settings.idleTimeout());
        this.lifetimeNanos = Durations.toNanos(settings.maxLifetime());
    }

    /**
     * Asks for a connection. The future completes with a lease, or exceptionally with
     * {@link PoolTimeoutException}, {@link PoolClosedException}, or the connector's exception when the
     * connect made for this caller failed. Cancelling the future leaves the queue; a connection that
     * races with the cancel goes back to the pool.
     */
    public CompletableFuture<Lease<C>> acquire() {
        Outbox<C> out = new Outbox<>(this);
        Lease<C> lease = null;
        Waiter<C> waiter = null;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new PoolClosedException(key));
            }
            long now = ticker.nanoTime();
            expireWaiters(now, out);
            // Only when nobody is queued, or a newcomer would overtake the queue.
            if (waiters.isEmpty()) {
                PooledServer<C> server = takeIdle(now, out);
                if (server != null) {
                    lease = lend(server);
                }
            }
            if (lease == null) {
                waiter = new Waiter<>(now + waitNanos);
                waiters.addLast(waiter);
                dispatch(now, out);
            }
        } finally {
            lock.unlock();
        }
        if (lease != null) {
            out.run();
            return CompletableFuture.completedFuture(lease);
        }
        Waiter<C> w = waiter;
        // Registered before out.run(): nobody else has seen the future yet, so nothing is missed.
        w.future().whenComplete((l, e) -> forget(w));
        out.run();
        return w.future();
    }

    /**
     * Closes idle connections unused for {@code idleTimeout} or older than {@code maxLifetime} or no
     * longer usable, and fails waiters whose wait timeout has passed. Call it on a schedule.
     */
    public void runMaintenance() {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            long now = ticker.nanoTime();
            for (PooledServer<C> server : servers.idleSnapshot()) {
                if (server.idleLongerThan(now, idleNanos) || !usable(server, now)) {
                    closeServer(server, out);
                }
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /**
     * Fails every waiter and later caller with {@link PoolClosedException}, closes idle connections
     * now and leased ones when they are released, and unregisters the metrics. Idempotent.
     */
    public void close() {
        Outbox<C> out = new Outbox<>(this);
        List<Binding> unbind;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter<C> w; (w = pollWaiter()) != null; ) {
                out.fail(w.future(), new PoolClosedException(key));
            }
            for (PooledServer<C> server : servers.idleSnapshot()) {
                closeServer(server, out);
            }
            unbind = List.copyOf(bindings);
            bindings.clear();
        } finally {
            lock.unlock();
        }
        out.run();
        for (Binding b : unbind) {
            b.meters().forEach(b.registry()::remove);
        }
    }

    /**
     * Registers gauges {@code switchboard.pool.connections} (tag {@code state=idle|active|connecting})
     * and {@code switchboard.pool.waiting}, and the counter {@code switchboard.pool.wait.timeouts},
     * all tagged {@code node}, {@code database}, {@code user}. They are removed on {@link #close()}.
     */
    public void bindTo(MeterRegistry registry) {
        List<Meter> meters = PoolMetrics.register(this, registry);
        boolean remove;
        lock.lock();
        try {
            remove = closed;
            if (!closed) {
                bindings.add(new Binding(registry, meters));
            }
        } finally {
            lock.unlock();
        }
        if (remove) {
            meters.forEach(registry::remove);
        }
    }

    public PoolKey key() {
        return key;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** Connections connected and free. */
    public int idleCount() {
        lock.lock();
        try {
            return servers.idleCount();
        } finally {
            lock.unlock();
        }
    }

    /** Connections leased to clients. */
    public int activeCount() {
        lock.lock();
        try {
            return servers.activeCount();
        } finally {
            lock.unlock();
        }
    }

    /** Connections being opened. */
    public int connectingCount() {
        lock.lock();
        try {
            return servers.connectingCount();
        } finally {
            lock.unlock();
        }
    }

    /** Idle + active + connecting: the slots counted against {@code maxSize}. */
    public int totalCount() {
        lock.lock();
        try {
            return servers.totalCount();
        } finally {
            lock.unlock();
        }
    }

    /** Clients queued for a connection. */
    public int waitingCount() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waiters failed with {@link PoolTimeoutException} since the pool was created. */
    public long waitTimeoutCount() {
        lock.lock();
        try {
            return waitTimeouts;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "pool \"" + key + "\" (idle " + servers.idleCount() + ", active " + servers.activeCount()
                    + ", connecting " + servers.connectingCount() + ", waiting " + waiters.size()
                    + ", max " + settings.maxSize() + (closed ? ", closed)" : ")");
        } finally {
            lock.unlock();
        }
    }

    // ---- called by Lease and Outbox, never under the lock ----

    /** Ends a lease: back to idle (or the oldest waiter), or closed when discarded or unfit. */
    void end(Lease<C> lease, boolean discard) {
        // Asked before taking the lock; it can only turn false later, which release copes with anyway.
        boolean keep = !discard && lease.connection().isUsable();
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            PooledServer<C> server = lease.server();
            if (server.lease() != lease) {
                throw new IllegalStateException(lease + " has already been released or discarded");
            }
            server.lease(null);
            long now = ticker.nanoTime();
            if (keep && !closed && !server.pastLifetime(now, lifetimeNanos)) {
                server.usedAt(now);
                servers.transition(server, ServerState.IDLE);
            } else {
                closeServer(server, out);
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /** Opens the connection for a slot that dispatch() moved to CONNECTING. */
    void startConnect(PooledServer<C> server) {
        CompletableFuture<C> future;
        try {
            future = connector.connect();
            if (future == null) {
                future = CompletableFuture.failedFuture(
                        new IllegalStateException("connector of pool \"" + key + "\" returned no future"));
            }
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((connection, error) -> connected(server, connection, error));
    }

    private void connected(PooledServer<C> server, C connection, Throwable error) {
        Outbox<C> out = new Outbox<>(this);
        Throwable unclaimed = null;
        lock.lock();
        try {
            long now = ticker.nanoTime();
            expireWaiters(now, out);
            if (error != null || connection == null) {
                servers.transition(server, ServerState.CLOSED);
                Throwable cause = error != null ? unwrap(error)
                        : new IllegalStateException("connector of pool \"" + key + "\" completed without a connection");
                // One failed connect fails one client; the others keep waiting for the retry below.
                Waiter<C> w = pollWaiter();
                if (w != null) {
                    out.fail(w.future(), cause);
                } else {
                    unclaimed = cause;
                }
            } else {
                server.connected(connection, now);
                if (closed) {
                    servers.transition(server, ServerState.CLOSED);
                    out.close(connection);
                } else {
                    servers.transition(server, ServerState.IDLE);
                }
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
        out.run();
        if (unclaimed != null) {
            // No stack trace: when a server is down this repeats, and the cause says what happened.
            LOG.log(System.Logger.Level.INFO, "connect for pool \"" + key + "\" failed with no client waiting: "
                    + unclaimed);
        }
    }

    /** The waiter's future was completed by someone: if the caller cancelled it, leave the queue. */
    private void forget(Waiter<C> waiter) {
        lock.lock();
        try {
            if (!waiter.dequeued()) {
                waiter.markDequeued();
                waiters.remove(waiter);
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- under the lock ----

    /**
     * Restores the pool's invariants after any change: expired waiters fail, idle connections go to
     * the oldest waiters, and new connects start while waiters outnumber connects in flight and there
     * is room.
     */
    private void dispatch(long now, Outbox<C> out) {
        expireWaiters(now, out);
        while (!waiters.isEmpty()) {
            PooledServer<C> server = takeIdle(now, out);
            if (server == null) {
                break;
            }
            out.handOff(pollWaiter().future(), lend(server));
        }
        while (!closed && waiters.size() > servers.connectingCount()
                && servers.totalCount() < settings.maxSize()) {
            PooledServer<C> server = new PooledServer<>(nextServerId++);
            servers.transition(server, ServerState.CONNECTING);
            out.connect(server);
        }
    }

    /** Moves the most recently used fit idle server to ACTIVE, closing unfit ones on the way. */
    private PooledServer<C> takeIdle(long now, Outbox<C> out) {
        for (PooledServer<C> server; (server = servers.mostRecentIdle()) != null; ) {
            if (usable(server, now)) {
                servers.transition(server, ServerState.ACTIVE);
                return server;
            }
            closeServer(server, out);
        }
        return null;
    }

    private Lease<C> lend(PooledServer<C> server) {
        Lease<C> lease = new Lease<>(this, server);
        server.lease(lease);
        return lease;
    }

    private boolean usable(PooledServer<C> server, long now) {
        return !server.pastLifetime(now, lifetimeNanos) && server.connection().isUsable();
    }

    private void closeServer(PooledServer<C> server, Outbox<C> out) {
        servers.transition(server, ServerState.CLOSED);
        out.close(server.connection());
    }

    /** All waiters share one timeout, so deadlines grow along the queue: only the head can expire. */
    private void expireWaiters(long now, Outbox<C> out) {
        if (waitNanos == 0) {
            return;
        }
        for (Waiter<C> w; (w = waiters.peekFirst()) != null && w.expired(now); ) {
            pollWaiter();
            waitTimeouts++;
            out.fail(w.future(), new PoolTimeoutException(key, settings.waitTimeout(), settings.maxSize()));
        }
    }

    private Waiter<C> pollWaiter() {
        Waiter<C> w = waiters.pollFirst();
        if (w != null) {
            w.markDequeued();
        }
        return w;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
