// The idle, checking, active and connecting lists of one pool and the single method that moves between them.
package dev.switchboard.pooling;

import java.util.ArrayList;
import java.util.List;

/**
 * A server's state is the list it sits on, as in PgBouncer's {@code objects.c}; the counts the admin
 * console and the metrics show are the sizes of these lists. Not thread-safe: the pool's lock guards it.
 */
final class ServerLists<C extends ServerConnection> {

    private final IdleServers<C> idle = new IdleServers<>();
    private final ServerChain<C> checking = new ServerChain<>();
    private final ServerChain<C> active = new ServerChain<>();
    private final ServerChain<C> connecting = new ServerChain<>();

    /** Moves {@code server} to the list of {@code to}; refuses a move the state machine forbids. */
    void transition(PooledServer<C> server, ServerState to) {
        ServerState from = server.state();
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("illegal pool transition of " + server + " from " + from + " to " + to);
        }
        // The state says which list the server is on: only this method changes either.
        switch (from) {
            case IDLE -> idle.remove(server);
            case CHECKING -> checking.remove(server);
            case ACTIVE -> active.remove(server);
            case CONNECTING -> connecting.remove(server);
            case NEW, CLOSED -> { }
        }
        switch (to) {
            case IDLE -> idle.addNewest(server);
            case CHECKING -> checking.addNewest(server);
            case ACTIVE -> active.addNewest(server);
            case CONNECTING -> connecting.addNewest(server);
            case NEW, CLOSED -> { }
        }
        server.state(to);
    }

    /** The most recently used idle server, or null. */
    PooledServer<C> mostRecentIdle() {
        return idle.newest();
    }

    /** The most recently used idle server with this affinity, or null. */
    PooledServer<C> mostRecentIdle(Object affinity) {
        return idle.newest(affinity);
    }

    /** The longest idle server, or null. */
    PooledServer<C> leastRecentIdle() {
        return idle.oldest();
    }

    /** A copy, longest idle first, so that callers may transition servers while walking it. */
    List<PooledServer<C>> idleSnapshot() {
        return idle.oldestFirst();
    }

    /** A copy of the servers under health check. */
    List<PooledServer<C>> checkingSnapshot() {
        return checking.oldestFirst();
    }

    /** A copy of every server on a list, for the admin console's per-connection rows. */
    List<PooledServer<C>> allSnapshot() {
        List<PooledServer<C>> all = new ArrayList<>(totalCount());
        all.addAll(connecting.oldestFirst());
        all.addAll(idle.oldestFirst());
        all.addAll(checking.oldestFirst());
        all.addAll(active.oldestFirst());
        return all;
    }

    int idleCount() {
        return idle.size();
    }

    int checkingCount() {
        return checking.size();
    }

    int activeCount() {
        return active.size();
    }

    int connectingCount() {
        return connecting.size();
    }

    int totalCount() {
        return idle.size() + checking.size() + active.size() + connecting.size();
    }
}
