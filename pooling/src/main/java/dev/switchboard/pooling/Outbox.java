// Side effects a pool decided on under its lock, carried out after the lock is released.
package dev.switchboard.pooling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Completing a future runs the client's callbacks, and closing or opening a connection runs proxy
 * code; none of that may happen under the pool's lock (a callback may re-enter the pool from another
 * event loop). So the pool records them here and {@link #run()} does them once the lock is free.
 * Failures go before hand-offs so that a client whose wait failed hears it no later than a client
 * behind it in the queue hears of its success. Work touching other pools (budget nudges and evictions)
 * comes last, once this pool's own clients have been served.
 */
final class Outbox<C extends ServerConnection> {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    private record Failure<C extends ServerConnection>(CompletableFuture<Lease<C>> future, Throwable cause) { }

    private record Handoff<C extends ServerConnection>(CompletableFuture<Lease<C>> future, Lease<C> lease) { }

    private final Pool<C> pool;
    private List<C> closes;
    private List<Failure<C>> failures;
    private List<Handoff<C>> handoffs;
    private List<PooledServer<C>> connects;
    private List<PooledServer<C>> checks;
    private List<ConnectionBudget> nudges;
    private List<ConnectionBudget> evictions;

    Outbox(Pool<C> pool) {
        this.pool = pool;
    }

    void close(C connection) {
        if (closes == null) {
            closes = new ArrayList<>(2);
        }
        closes.add(connection);
    }

    void fail(CompletableFuture<Lease<C>> future, Throwable cause) {
        if (failures == null) {
            failures = new ArrayList<>(2);
        }
        failures.add(new Failure<>(future, cause));
    }

    void handOff(CompletableFuture<Lease<C>> future, Lease<C> lease) {
        if (handoffs == null) {
            handoffs = new ArrayList<>(2);
        }
        handoffs.add(new Handoff<>(future, lease));
    }

    void connect(PooledServer<C> server) {
        if (connects == null) {
            connects = new ArrayList<>(2);
        }
        connects.add(server);
    }

    void check(PooledServer<C> server) {
        if (checks == null) {
            checks = new ArrayList<>(2);
        }
        checks.add(server);
    }

    /** A slot of {@code budget} was given back: pools refused a slot may retry. */
    void nudge(ConnectionBudget budget) {
        if (nudges == null) {
            nudges = new ArrayList<>(2);
        }
        if (!nudges.contains(budget)) {
            nudges.add(budget);
        }
    }

    /** {@code budget} refused a connect a waiter needs: close an idle connection of another pool. */
    void evict(ConnectionBudget budget) {
        if (evictions == null) {
            evictions = new ArrayList<>(1);
        }
        if (!evictions.contains(budget)) {
            evictions.add(budget);
        }
    }

    /** Call without holding the pool's lock. */
    void run() {
        if (closes != null) {
            for (C connection : closes) {
                try {
                    connection.close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing a server connection of pool \""
                            + pool.key() + "\" failed", e);
                }
            }
        }
        if (failures != null) {
            for (Failure<C> f : failures) {
                f.future().completeExceptionally(f.cause());
            }
        }
        if (handoffs != null) {
            for (Handoff<C> h : handoffs) {
                // The client may have cancelled after it left the queue: the connection goes back.
                if (!h.future().complete(h.lease())) {
                    h.lease().release();
                }
            }
        }
        if (connects != null) {
            for (PooledServer<C> server : connects) {
                pool.startConnect(server);
            }
        }
        if (checks != null) {
            for (PooledServer<C> server : checks) {
                pool.startCheck(server);
            }
        }
        if (nudges != null) {
            for (ConnectionBudget budget : nudges) {
                budget.nudge();
            }
        }
        if (evictions != null) {
            for (ConnectionBudget budget : evictions) {
                budget.evictFor(pool);
            }
        }
    }
}
