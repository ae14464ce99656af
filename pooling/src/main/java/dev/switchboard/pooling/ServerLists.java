// The idle, checking, active and connecting lists of one pool and the single method that moves between them.
package dev.switchboard.pooling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A server's state is the list it sits on, as in PgBouncer's {@code objects.c}; the counts the admin
 * console and the metrics show are the sizes of these lists. Not thread-safe: the pool's lock guards it.
 */
final class ServerLists<C extends ServerConnection> {

    private final IdleServers<C> idle = new IdleServers<>();
    private final Set<PooledServer<C>> checking = new HashSet<>();
    private final Set<PooledServer<C>> active = new HashSet<>();
    private final Set<PooledServer<C>> connecting = new HashSet<>();

    /** Moves {@code server} to the list of {@code to}; refuses a move the state machine forbids. */
    void transition(PooledServer<C> server, ServerState to) {
        ServerState from = server.state();
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("illegal pool transition of " + server + " from " + from + " to " + to);
        }
        boolean removed = switch (from) {
            case IDLE -> {
                idle.remove(server);
                yield true;
            }
            case CHECKING -> checking.remove(server);
            case ACTIVE -> active.remove(server);
            case CONNECTING -> connecting.remove(server);
            case NEW, CLOSED -> true;
        };
        if (!removed) {
            throw new IllegalStateException(server + " claims " + from + " but is not on that list");
        }
        switch (to) {
            case IDLE -> idle.addNewest(server);
            case CHECKING -> checking.add(server);
            case ACTIVE -> active.add(server);
            case CONNECTING -> connecting.add(server);
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
        return new ArrayList<>(checking);
    }

    /** A copy of every server on a list, for the admin console's per-connection rows. */
    List<PooledServer<C>> allSnapshot() {
        List<PooledServer<C>> all = new ArrayList<>(totalCount());
        all.addAll(connecting);
        all.addAll(idle.oldestFirst());
        all.addAll(checking);
        all.addAll(active);
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
