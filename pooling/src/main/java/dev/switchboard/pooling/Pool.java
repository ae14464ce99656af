// The pool of server connections for one (node, database, user): its lists, waiters and hand-offs.
package dev.switchboard.pooling;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, thread-safe pool of server connections for one {@link PoolKey}.
 *
 * <p>Callers on any thread {@link #acquire(Object)} a {@link Lease}; they get the most recently used idle
 * connection with their affinity (their event loop), else the most recently used idle one, else a new
 * one if the pool is below {@code maxSize} and every {@link ConnectionBudget} grants a slot, else a place
 * in a FIFO queue. Idle connections sit on one list in order of use plus one chain per affinity, so each
 * pick is O(1) (one hash lookup). A released connection goes straight to the oldest waiter, or to the oldest of
 * its own affinity near the head of the queue, passing the head over a bounded number of times. A connection
 * idle for {@code healthCheckAfterIdle} is health-checked before it is handed out; one that fails is
 * closed and its client is served as if it had just asked (ahead of later arrivals).
 *
 * <p>All decisions are made under one lock held for a few list operations; futures are completed,
 * connections opened, checked and closed, and other pools nudged only after the lock is released, so
 * callbacks may re-enter the pool. A callback that releases its lease synchronously hands the connection
 * to the next waiter on the same stack; callers on event loops should continue on their own loop (e.g.
 * {@code thenAcceptAsync(..., eventLoop)}) rather than chain releases inline.
 *
 * <p>Time comes only from the {@link Ticker}; the owner calls {@link #runMaintenance()} on a schedule.
 *
 * @param <C> the connection type
 */
public final class Pool<C extends ServerConnection> {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());
    /**
     * A server that comes free goes to the oldest waiter of its own affinity (event loop) when one is among this
     * many at the head of the queue: the client and its server then share a thread, and no message crosses
     * between loops. Near the head, ArrayDeque removes in a few moves.
     */
    private static final int SAME_LOOP_WINDOW = 32;
    /**
     * How often the head of the queue may be passed over that way before it takes whatever server comes free:
     * the bound on the unfairness, a few transactions' time.
     */
    static final int MAX_PASSES = 4;

    private final PoolKey key;
    private final ServerConnector<C> connector;
    private final Ticker ticker;
    private final PoolBudgets budgets;

    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock; settings is also volatile for readers outside it (stats, metrics).
    private volatile PoolSettings settings;
    private long waitNanos;
    private long idleNanos;
    private long lifetimeNanos;
    private long checkNanos;
    private final ServerLists<C> servers = new ServerLists<>();
    private final ArrayDeque<Waiter<C>> waiters = new ArrayDeque<>();
    private final List<Binding> bindings = new ArrayList<>();
    private long nextServerId = 1;
    /** Connections a predecessor process is handing over: counted as open, so none is opened in their place. */
    private int awaited;
    private long nextWaiter;
    private boolean closed;
    /** Set by pause(): no connection is handed out until resume(). */
    private boolean paused;
    /** Counts reconnect() calls: a connection made in an older generation is not used again. */
    private long generation;
    /** The budget that refused the last connect waiters needed; named in their timeout. */
    private ConnectionBudget blockedBy;
    private long leases;
    private long waits;
    private long waitedNanos;
    private long waitTimeouts;
    private long connects;
    private long connectFailures;
    private long healthChecks;
    private long healthCheckFailures;
    private long evictions;
    private long closes;

    private record Binding(MeterRegistry registry, List<Meter> meters) { }

    public Pool(PoolKey key, PoolSettings settings, ServerConnector<C> connector, Ticker ticker) {
        this(key, settings, connector, ticker, List.of());
    }

    /**
     * A pool whose connects also need a slot in each of {@code budgets} (shared with other pools, e.g. the
     * database's and the user's {@code max_server_connections}); it joins them now and leaves them on
     * {@link #close()}.
     */
    public Pool(PoolKey key, PoolSettings settings, ServerConnector<C> connector, Ticker ticker,
                List<ConnectionBudget> budgets) {
        this.key = Objects.requireNonNull(key, "key");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.budgets = new PoolBudgets(Objects.requireNonNull(budgets, "budgets"));
        settle(Objects.requireNonNull(settings, "settings"));
        // Last: the budgets publish this pool to other threads.
        this.budgets.join(this);
    }

    /**
     * Takes new settings in place (a configuration reload): waiters and leases carry on. A larger pool opens
     * connections for its waiters now; a smaller one closes idle connections above the size now and busy ones as
     * they come back. Waiters already queued keep their deadline.
     */
    public void reconfigure(PoolSettings newSettings) {
        Objects.requireNonNull(newSettings, "newSettings");
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            settle(newSettings);
            for (PooledServer<C> server : servers.idleSnapshot()) {
                if (servers.totalCount() <= newSettings.maxSize()) {
                    break;
                }
                closeServer(server, out);
            }
            dispatch(ticker.nanoTime(), out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /** Under the lock, or in the constructor before the pool is published. */
    private void settle(PoolSettings newSettings) {
        this.settings = newSettings;
        this.waitNanos = Durations.toNanos(newSettings.waitTimeout());
        this.idleNanos = Durations.toNanos(newSettings.idleTimeout());
        this.lifetimeNanos = Durations.toNanos(newSettings.maxLifetime());
        this.checkNanos = Durations.toNanos(newSettings.healthCheckAfterIdle());
    }

    /** {@link #acquire(Object)} without an affinity. */
    public CompletableFuture<Lease<C>> acquire() {
        return acquire(null);
    }

    /**
     * Asks for a connection, preferring one whose {@link ServerConnection#affinity()} equals
     * {@code affinity} (null = no preference). The future completes with a lease, or exceptionally with
     * {@link PoolTimeoutException}, {@link PoolClosedException}, or the connector's exception when the
     * connect made for this caller failed. Cancelling the future leaves the queue; a connection that
     * races with the cancel goes back to the pool.
     */
    public CompletableFuture<Lease<C>> acquire(Object affinity) {
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
            PooledServer<C> server = waiters.isEmpty() && !paused ? takeIdle(affinity, now, out) : null;
            if (server != null && !needsCheck(server, now)) {
                servers.transition(server, ServerState.ACTIVE);
                lease = lend(server);
            } else {
                waiter = new Waiter<>(nextWaiter++, now, now + waitNanos, affinity);
                waits++;
                if (server != null) {
                    waiter.markDequeued();
                    assign(server, waiter, now, out);
                } else {
                    waiters.addLast(waiter);
                    dispatch(now, out);
                }
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
     * Closes idle connections unused for {@code idleTimeout} (keeping {@code minIdle}), older than
     * {@code maxLifetime} or no longer usable; fails waiters whose wait timeout has passed (also those
     * whose promised connection is still under health check); opens connections up to {@code minIdle}.
     * Call it on a schedule.
     */
    public void runMaintenance() {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            long now = ticker.nanoTime();
            for (PooledServer<C> server : servers.idleSnapshot()) {
                if (!usable(server, now) || server.idleLongerThan(now, idleNanos)
                        && servers.idleCount() + servers.connectingCount() > settings.minIdle()) {
                    closeServer(server, out);
                }
            }
            expireChecks(now, out);
            dispatch(now, out);
            while (!closed && servers.idleCount() + servers.connectingCount() < settings.minIdle()
                    && servers.totalCount() < settings.maxSize() && budgets.reserve(this, false, out) == null) {
                openSlot(out);
            }
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /**
     * Fails every waiter and later caller with {@link PoolClosedException}, closes idle connections
     * now and leased or checked ones when they come back, leaves the budgets and unregisters the metrics.
     * Idempotent.
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
            for (PooledServer<C> server : servers.checkingSnapshot()) {
                out.fail(server.checkedFor().future(), new PoolClosedException(key));
            }
            for (PooledServer<C> server : servers.idleSnapshot()) {
                closeServer(server, out);
            }
            unbind = List.copyOf(bindings);
            bindings.clear();
        } finally {
            lock.unlock();
        }
        budgets.leave(this);
        out.run();
        for (Binding b : unbind) {
            b.meters().forEach(b.registry()::remove);
        }
    }

    /**
     * Registers the meters of {@link PoolMetrics} (list sizes and counters), tagged {@code node},
     * {@code database}, {@code user}. They are removed on {@link #close()}.
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

    /** The shared limits this pool draws on. */
    public List<ConnectionBudget> budgets() {
        return budgets.list();
    }

    /** List sizes and counters, read together. */
    public PoolStats stats() {
        lock.lock();
        try {
            return new PoolStats(servers.idleCount(), servers.checkingCount(), servers.activeCount(),
                    servers.connectingCount(), waiters.size(), leases, waits, waitedNanos, waitTimeouts, connects,
                    connectFailures, healthChecks, healthCheckFailures, evictions, closes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops handing out connections: callers queue (their wait timeout still runs) and leased connections come
     * back as usual, until {@link #resume()}. Idempotent.
     */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Serves the queue again after {@link #pause()}. Idempotent. */
    public void resume() {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            paused = false;
            dispatch(ticker.nanoTime(), out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces every connection opened until now: idle ones close at once, leased ones when they come back;
     * clients are not disturbed (PgBouncer's RECONNECT).
     */
    public void reconnect() {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            long now = ticker.nanoTime();
            generation++;
            for (PooledServer<C> server : servers.idleSnapshot()) {
                closeServer(server, out);
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /** Connections opened before the last {@link #reconnect()} that are not closed yet (PgBouncer's close_needed). */
    public int outdatedCount() {
        lock.lock();
        try {
            int outdated = 0;
            for (PooledServer<C> server : servers.allSnapshot()) {
                if (server.connection() != null && outdated(server)) {
                    outdated++;
                }
            }
            return outdated;
        } finally {
            lock.unlock();
        }
    }

    /** How long the longest-queued caller has waited (SHOW POOLS' maxwait); zero when nobody waits. */
    public java.time.Duration longestWait() {
        lock.lock();
        try {
            Waiter<C> first = waiters.peekFirst(); // the queue is in arrival order
            return first == null ? java.time.Duration.ZERO
                    : java.time.Duration.ofNanos(Math.max(0, ticker.nanoTime() - first.since()));
        } finally {
            lock.unlock();
        }
    }

    /** One row per server connection on a list, read together under the lock. */
    public List<ServerEntry<C>> servers() {
        lock.lock();
        try {
            List<ServerEntry<C>> entries = new java.util.ArrayList<>();
            for (PooledServer<C> server : servers.allSnapshot()) {
                entries.add(new ServerEntry<>(server.id(), server.state(), server.connection()));
            }
            return entries;
        } finally {
            lock.unlock();
        }
    }

    /** Connections connected and free. */
    public int idleCount() {
        return stats().idle();
    }

    /** Connections promised to a client and running their health check. */
    public int checkingCount() {
        return stats().checking();
    }

    /** Connections leased to clients. */
    public int activeCount() {
        return stats().active();
    }

    /** Connections being opened. */
    public int connectingCount() {
        return stats().connecting();
    }

    /** Idle + checking + active + connecting: the slots counted against {@code maxSize}. */
    public int totalCount() {
        return stats().total();
    }

    /** Clients queued for a connection. */
    public int waitingCount() {
        return stats().waiting();
    }

    /** Waiters failed with {@link PoolTimeoutException} since the pool was created. */
    public long waitTimeoutCount() {
        return stats().waitTimeouts();
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
        PoolStats s = stats();
        return "pool \"" + key + "\" (idle " + s.idle() + ", checking " + s.checking() + ", active " + s.active()
                + ", connecting " + s.connecting() + ", waiting " + s.waiting() + ", max " + settings.maxSize()
                + (isClosed() ? ", closed)" : ")");
    }

    // ---- called by Lease, Outbox and ConnectionBudget, never under the lock ----

    /** Under the lock: the lease's server, no longer lent; a lease that ended already is refused. */
    private PooledServer<C> detach(Lease<C> lease) {
        PooledServer<C> server = lease.server();
        if (server.lease() != lease) {
            throw new IllegalStateException(lease + " has already been released or discarded");
        }
        server.lease(null);
        return server;
    }

    /** Ends a lease: back to idle (or the oldest waiter), or closed when discarded or unfit. */
    void end(Lease<C> lease, boolean discard) {
        // Asked before taking the lock; it can only turn false later, which release copes with anyway.
        boolean keep = !discard && lease.connection().isUsable();
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            PooledServer<C> server = detach(lease);
            long now = ticker.nanoTime();
            // Above the size after a reload made the pool smaller: the connection goes instead of staying idle.
            if (!keep || closed || server.pastLifetime(now, lifetimeNanos) || outdated(server)
                    || servers.totalCount() > settings.maxSize()) {
                closeServer(server, out);
            } else if (waiters.isEmpty() && budgets.wantedElsewhere(this)) {
                // Kept idle here it would hold a shared slot another pool's clients are waiting for.
                evictions++;
                closeServer(server, out);
            } else {
                server.usedAt(now);
                servers.transition(server, ServerState.IDLE);
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /**
     * Takes in, as idle, a connection opened elsewhere (handed over by a predecessor process). False when the pool
     * is closed or full, or a budget has no slot: the caller closes it then.
     */
    public boolean adopt(C connection) {
        Object affinity = connection.affinity();
        Outbox<C> out = new Outbox<>(this);
        boolean adopted = false;
        lock.lock();
        try {
            PooledServer<C> server = takeIn(connection, affinity, out);
            if (server != null) {
                servers.transition(server, ServerState.IDLE);
                dispatch(ticker.nanoTime(), out);
                adopted = true;
            }
        } finally {
            lock.unlock();
        }
        out.run();
        return adopted;
    }

    /**
     * Under the lock: a connection opened elsewhere (handed over by a predecessor) has arrived, so one awaited
     * adoption less; its slot, connected and not yet idle or lent, or null when the pool is closed or full, or a
     * budget has no slot.
     */
    private PooledServer<C> takeIn(C connection, Object affinity, Outbox<C> out) {
        if (awaited > 0) {
            awaited--;
        }
        if (closed || servers.totalCount() >= settings.maxSize() || budgets.reserve(this, false, out) != null) {
            return null;
        }
        PooledServer<C> server = new PooledServer<>(nextServerId++);
        servers.transition(server, ServerState.CONNECTING);
        server.connected(connection, affinity, ticker.nanoTime());
        return server;
    }

    /**
     * Takes in, leased at once, a connection opened elsewhere that comes with its client (a session-mode client
     * handed over by a predecessor process). Null when the pool is closed or full, or a budget has no slot: the
     * caller closes it then.
     */
    public Lease<C> adoptLeased(C connection) {
        Object affinity = connection.affinity();
        Outbox<C> out = new Outbox<>(this);
        Lease<C> lease = null;
        lock.lock();
        try {
            PooledServer<C> server = takeIn(connection, affinity, out);
            if (server != null) {
                servers.transition(server, ServerState.ACTIVE);
                lease = lend(server);
            }
        } finally {
            lock.unlock();
        }
        out.run();
        return lease;
    }

    /**
     * Ends {@code lease} by giving its connection up without closing it (its client and it go to a successor
     * process together); it leaves the pool and its budgets, and a waiting client may get a new connection.
     *
     * @throws IllegalStateException if this lease has already ended
     */
    public void surrender(Lease<C> lease) {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            PooledServer<C> server = detach(lease);
            servers.transition(server, ServerState.CLOSED);
            budgets.release(out);
            dispatch(ticker.nanoTime(), out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /**
     * A predecessor process is about to hand over {@code count} connections of this pool: until they arrive (see
     * {@link #adopt}) or {@link #stopAwaiting}, they count as open, and clients wait for them rather than have new
     * connections opened in their place (which would leave no room for them).
     */
    public void awaitAdoptions(int count) {
        lock.lock();
        try {
            awaited = Math.min(settings.maxSize(), awaited + count);
        } finally {
            lock.unlock();
        }
    }

    /** The handoff is over: connections still awaited will not come, and may be opened here. */
    public void stopAwaiting() {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            awaited = 0;
            dispatch(ticker.nanoTime(), out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /**
     * Gives up every idle connection without closing it (for a successor process, which takes them over); they
     * leave the pool and its budgets. Active ones stay with their clients.
     */
    public List<C> surrenderIdle() {
        Outbox<C> out = new Outbox<>(this);
        List<C> surrendered = new ArrayList<>();
        lock.lock();
        try {
            for (PooledServer<C> server : servers.idleSnapshot()) {
                servers.transition(server, ServerState.CLOSED);
                budgets.release(out);
                surrendered.add(server.connection());
            }
        } finally {
            lock.unlock();
        }
        out.run();
        return surrendered;
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

    /** Runs the health check of a server assign() moved to CHECKING. */
    void startCheck(PooledServer<C> server) {
        CompletableFuture<Boolean> future;
        try {
            future = server.connection().healthCheck();
            if (future == null) {
                future = CompletableFuture.failedFuture(new IllegalStateException("health check of "
                        + server.connection() + " returned no future"));
            }
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((healthy, error) -> checked(server, error == null && Boolean.TRUE.equals(healthy), error));
    }

    /** A slot of a budget was given back: retry the waiters if they need a connect. */
    void budgetFreed() {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            dispatch(ticker.nanoTime(), out);
        } finally {
            lock.unlock();
        }
        out.run();
    }

    /** How long the longest-idle connection has been idle, in nanoseconds; -1 when none is idle. */
    long longestIdleNanos() {
        lock.lock();
        try {
            PooledServer<C> oldest = servers.leastRecentIdle();
            return oldest == null ? -1 : Math.max(0, ticker.nanoTime() - oldest.lastUsedAt());
        } finally {
            lock.unlock();
        }
    }

    /** Closes the longest-idle connection so that another pool can have its budget slot; false if none. */
    boolean evictIdle() {
        Outbox<C> out = new Outbox<>(this);
        PooledServer<C> oldest;
        lock.lock();
        try {
            oldest = servers.leastRecentIdle();
            if (oldest != null) {
                evictions++;
                closeServer(oldest, out);
            }
        } finally {
            lock.unlock();
        }
        out.run();
        return oldest != null;
    }

    private void connected(PooledServer<C> server, C connection, Throwable error) {
        Object affinity = null;
        if (error == null && connection != null) {
            try {
                affinity = connection.affinity();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "affinity() of " + connection + " failed; treating it as none", e);
            }
        }
        Outbox<C> out = new Outbox<>(this);
        Throwable unclaimed = null;
        lock.lock();
        try {
            long now = ticker.nanoTime();
            expireWaiters(now, out);
            if (error != null || connection == null) {
                connectFailures++;
                servers.transition(server, ServerState.CLOSED);
                budgets.release(out);
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
                server.connected(connection, affinity, now);
                server.generation(generation);
                if (closed) {
                    closeServer(server, out);
                } else if (waiters.isEmpty() && budgets.wantedElsewhere(this)) {
                    // Opened for a client that left (or for minIdle) while another pool starves for the slot.
                    evictions++;
                    closeServer(server, out);
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

    private void checked(PooledServer<C> server, boolean healthy, Throwable error) {
        Outbox<C> out = new Outbox<>(this);
        lock.lock();
        try {
            long now = ticker.nanoTime();
            Waiter<C> w = server.checkedFor();
            server.checkedFor(null);
            if (!healthy) {
                healthCheckFailures++;
            }
            if (healthy && !closed && !w.future().isDone()) {
                servers.transition(server, ServerState.ACTIVE);
                waitedNanos += now - w.since();
                out.handOff(w.future(), lend(server));
            } else if (healthy && !closed) {
                // Its client timed out or left meanwhile; the connection is fine and freshly proven.
                server.usedAt(now);
                servers.transition(server, ServerState.IDLE);
            } else {
                closeServer(server, out);
                if (closed) {
                    out.fail(w.future(), new PoolClosedException(key));
                } else if (!w.future().isDone()) {
                    requeue(w);
                }
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
        out.run();
        if (!healthy) {
            LOG.log(System.Logger.Level.INFO, "health check of " + server.connection() + " in pool \"" + key
                    + "\" failed" + (error == null ? "" : ": " + unwrap(error)) + "; closed it");
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
     * is room in the pool and in every budget. A budget that refuses is asked to evict an idle connection
     * of another pool and will nudge this one when a slot comes back.
     */
    private void dispatch(long now, Outbox<C> out) {
        expireWaiters(now, out);
        if (paused) {
            return; // waiters stay queued (their wait timeout still runs) until resume()
        }
        for (Waiter<C> head; (head = waiters.peekFirst()) != null; ) {
            PooledServer<C> server = takeIdle(head.affinity(), now, out);
            if (server == null) {
                break;
            }
            Waiter<C> sameLoop = head.affinity() == null || Objects.equals(head.affinity(), server.affinity())
                    || head.passedOver() >= MAX_PASSES ? null : takeWaiterWith(server.affinity());
            if (sameLoop != null) {
                head.passOver();
                assign(server, sameLoop, now, out);
            } else {
                pollWaiter();
                assign(server, head, now, out);
            }
        }
        ConnectionBudget refused = null;
        while (!closed && waiters.size() > servers.connectingCount()
                && servers.totalCount() + awaited < settings.maxSize()) {
            refused = budgets.reserve(this, true, out);
            if (refused != null) {
                out.evict(refused);
                break;
            }
            openSlot(out);
        }
        blockedBy = refused;
    }

    /** Hands an idle server to a waiter that is off the queue, through a health check if it sat idle long. */
    private void assign(PooledServer<C> server, Waiter<C> w, long now, Outbox<C> out) {
        if (needsCheck(server, now)) {
            servers.transition(server, ServerState.CHECKING);
            server.checkedFor(w);
            healthChecks++;
            out.check(server);
        } else {
            servers.transition(server, ServerState.ACTIVE);
            waitedNanos += now - w.since();
            out.handOff(w.future(), lend(server));
        }
    }

    /**
     * The most recently used fit idle server with this affinity, else the most recently used fit one
     * (still IDLE; the caller moves it), closing unfit ones on the way.
     */
    private PooledServer<C> takeIdle(Object affinity, long now, Outbox<C> out) {
        for (;;) {
            PooledServer<C> server = servers.mostRecentIdle(affinity);
            if (server == null) {
                server = servers.mostRecentIdle();
            }
            if (server == null || usable(server, now)) {
                return server;
            }
            closeServer(server, out);
        }
    }

    private boolean needsCheck(PooledServer<C> server, long now) {
        return server.idleLongerThan(now, checkNanos);
    }

    private Lease<C> lend(PooledServer<C> server) {
        Lease<C> lease = new Lease<>(this, server);
        server.lease(lease);
        leases++;
        return lease;
    }

    private void openSlot(Outbox<C> out) {
        PooledServer<C> server = new PooledServer<>(nextServerId++);
        servers.transition(server, ServerState.CONNECTING);
        connects++;
        out.connect(server);
    }

    private boolean usable(PooledServer<C> server, long now) {
        return !server.pastLifetime(now, lifetimeNanos) && !outdated(server) && server.connection().isUsable();
    }

    /** Connected before the last {@link #reconnect()}: closed instead of used again. */
    private boolean outdated(PooledServer<C> server) {
        return server.generation() != generation;
    }

    private void closeServer(PooledServer<C> server, Outbox<C> out) {
        servers.transition(server, ServerState.CLOSED);
        closes++;
        out.close(server.connection());
        budgets.release(out);
    }

    /** A client whose promised server failed its check goes back in arrival order, usually the front. */
    private void requeue(Waiter<C> w) {
        w.markQueued();
        List<Waiter<C>> older = new ArrayList<>(0);
        while (!waiters.isEmpty() && waiters.peekFirst().sequence() < w.sequence()) {
            older.add(waiters.pollFirst());
        }
        waiters.addFirst(w);
        for (int i = older.size() - 1; i >= 0; i--) {
            waiters.addFirst(older.get(i));
        }
    }

    /**
     * All waiters share one timeout and the queue is in arrival order, so deadlines grow along it: only
     * the head can expire.
     */
    private void expireWaiters(long now, Outbox<C> out) {
        if (waitNanos == 0) {
            return;
        }
        for (Waiter<C> w; (w = waiters.peekFirst()) != null && w.expired(now); ) {
            pollWaiter();
            waitTimeouts++;
            out.fail(w.future(), new PoolTimeoutException(key, settings.waitTimeout(), settings.maxSize(), blockedBy));
        }
    }

    /** A client whose promised server is still being checked when its wait runs out gets its timeout. */
    private void expireChecks(long now, Outbox<C> out) {
        if (waitNanos == 0) {
            return;
        }
        for (PooledServer<C> server : servers.checkingSnapshot()) {
            Waiter<C> w = server.checkedFor();
            if (w.expired(now) && !w.future().isDone()) {
                waitTimeouts++;
                out.fail(w.future(), new PoolTimeoutException(key, settings.waitTimeout(), settings.maxSize()));
            }
        }
    }

    /**
     * The oldest waiter among the first {@link #SAME_LOOP_WINDOW} that prefers this affinity, taken off the queue;
     * null when none does (or the server has no affinity).
     */
    private Waiter<C> takeWaiterWith(Object affinity) {
        if (affinity == null) {
            return null;
        }
        int looked = 0;
        for (Iterator<Waiter<C>> it = waiters.iterator(); it.hasNext() && looked < SAME_LOOP_WINDOW; looked++) {
            Waiter<C> w = it.next();
            if (affinity.equals(w.affinity())) {
                it.remove();
                w.markDequeued();
                return w;
            }
        }
        return null;
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
