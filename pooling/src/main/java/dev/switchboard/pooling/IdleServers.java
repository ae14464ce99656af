// The idle list: most recently used first, with a second chain per affinity for O(1) affine picks.
package dev.switchboard.pooling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle servers on an intrusive doubly linked list in order of last use, and each server with an affinity
 * also on its affinity's own chain. Adding, removing any server, and finding the most recently used one
 * overall or for an affinity cost O(1) (plus one hash lookup); nothing is scanned. Not thread-safe: the
 * pool's lock guards it.
 */
final class IdleServers<C extends ServerConnection> {

    private final ServerChain<C> byLastUse = new ServerChain<>();
    /** Head (most recently used) of each affinity's chain; an affinity with no idle server has no entry. */
    private final Map<Object, PooledServer<C>> newestByAffinity = new HashMap<>();

    /** Adds a server that has just been used (or connected) as the most recently used. */
    void addNewest(PooledServer<C> s) {
        byLastUse.addNewest(s);
        Object affinity = s.affinity();
        if (affinity != null) {
            PooledServer<C> head = newestByAffinity.put(affinity, s);
            s.newerSameAffinity = null;
            s.olderSameAffinity = head;
            if (head != null) {
                head.newerSameAffinity = s;
            }
        }
    }

    /** Unlinks a server that is on this list. */
    void remove(PooledServer<C> s) {
        byLastUse.remove(s);
        Object affinity = s.affinity();
        if (affinity != null) {
            if (s.newerSameAffinity != null) {
                s.newerSameAffinity.olderSameAffinity = s.olderSameAffinity;
            } else if (s.olderSameAffinity != null) {
                newestByAffinity.put(affinity, s.olderSameAffinity);
            } else {
                newestByAffinity.remove(affinity);
            }
            if (s.olderSameAffinity != null) {
                s.olderSameAffinity.newerSameAffinity = s.newerSameAffinity;
            }
        }
        s.newerSameAffinity = s.olderSameAffinity = null;
    }

    /** The most recently used server, or null. */
    PooledServer<C> newest() {
        return byLastUse.newest();
    }

    /** The most recently used server with this affinity, or null (also for a null affinity). */
    PooledServer<C> newest(Object affinity) {
        return affinity == null ? null : newestByAffinity.get(affinity);
    }

    /** The least recently used server, or null. */
    PooledServer<C> oldest() {
        return byLastUse.oldest();
    }

    /** A copy, longest idle first, so that callers may remove servers while walking it. */
    List<PooledServer<C>> oldestFirst() {
        return byLastUse.oldestFirst();
    }

    int size() {
        return byLastUse.size();
    }
}
