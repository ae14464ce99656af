// Drain: the proxy asking every client to leave — told at its next idle point, closed once the grace is over.
package dev.switchboard.proxy.extensions;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every started client session registers here. {@link #start} tells each one (and any that starts later) that
 * a drain began and, after the grace, that it is over; each client acts on it on its own event loop (see
 * {@link ClientReports}). Shutdown, and a handoff to a successor process, call {@link #start}; a retired node
 * drains only the clients whose sessions are held there ({@link #retireNode}). Thread-safe.
 */
public final class Drain {

    /** A client session that can be drained. Both calls may come from any thread. */
    public interface Drainable {
        /** Tell the client at its next idle point that it should reconnect. */
        void drainRequested();

        /** The grace is over: close the client as soon as it is idle. */
        void graceOver();

        /**
         * {@code node} is retired (fenced, foreign, or taken out of its cluster): a client whose session holds a
         * server there is drained alone, with {@code grace} of its own; any other client is not concerned.
         */
        void nodeRetired(String node, Duration grace);
    }

    private final Set<Drainable> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile boolean requested;
    private volatile boolean graceOver;

    public Drain(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public void register(Drainable client) {
        clients.add(client);
        if (requested) {
            client.drainRequested();
        }
        if (graceOver) {
            client.graceOver();
        }
    }

    public void unregister(Drainable client) {
        clients.remove(client);
    }

    /**
     * Starts draining every client; idle ones are closed after {@code grace}. Clients are told once; a later call
     * may only bring the end of the grace closer (a handoff that asked first, then a shutdown).
     */
    public synchronized void start(Duration grace) {
        request();
        timer.schedule(this::endGrace, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks every client to leave (now and any that starts later), without closing any: they go when they will. */
    public synchronized void request() {
        if (!requested) {
            requested = true;
            clients.forEach(Drainable::drainRequested);
        }
    }

    /** Drains the clients whose sessions hold a server on {@code node}; the others go on as before. */
    public void retireNode(String node, Duration grace) {
        clients.forEach(client -> client.nodeRetired(node, grace));
    }

    private synchronized void endGrace() {
        if (!graceOver) {
            graceOver = true;
            clients.forEach(Drainable::graceOver);
        }
    }

    public boolean draining() {
        return requested;
    }

    /** Client sessions still registered. */
    public int clients() {
        return clients.size();
    }
}
