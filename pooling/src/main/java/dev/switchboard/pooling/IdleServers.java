// The idle list: most recently used first, with a second chain per affinity for O(1) affine picks.
package dev.switchboard.pooling;

import java.util.ArrayList;
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

    private PooledServer<C> newest;
    private PooledServer<C> oldest;
    /** Head (most recently used) of each affinity's chain; an affinity with no idle server has no entry. */
    private final Map<Object, PooledServer<C>> newestByAffinity = new HashMap<>();
    private int size;

    /** Adds a server that has just been used (or connected) as the most recently used. */
    void addNewest(PooledServer<C> s) {
        s.newer = null;
        s.older = newest;
        if (newest != null) {
            newest.newer = s;
        } else {
            oldest = s;
        }
        newest = s;
        Object affinity = s.affinity();
        if (affinity != null) {
            PooledServer<C> head = newestByAffinity.put(affinity, s);
            s.newerSameAffinity = null;
            s.olderSameAffinity = head;
            if (head != null) {
                head.newerSameAffinity = s;
            }
        }
        size++;
    }

    /** Unlinks a server that is on this list. */
    void remove(PooledServer<C> s) {
        if (s.newer != null) {
            s.newer.older = s.older;
        } else {
            newest = s.older;
        }
        if (s.older != null) {
            s.older.newer = s.newer;
        } else {
            oldest = s.newer;
        }
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
        s.newer = s.older = s.newerSameAffinity = s.olderSameAffinity = null;
        size--;
    }

    /** The most recently used server, or null. */
    PooledServer<C> newest() {
        return newest;
    }

    /** The most recently used server with this affinity, or null (also for a null affinity). */
    PooledServer<C> newest(Object affinity) {
        return affinity == null ? null : newestByAffinity.get(affinity);
    }

    /** The least recently used server, or null. */
    PooledServer<C> oldest() {
        return oldest;
    }

    /** A copy, longest idle first, so that callers may remove servers while walking it. */
    List<PooledServer<C>> oldestFirst() {
        List<PooledServer<C>> copy = new ArrayList<>(size);
        for (PooledServer<C> s = oldest; s != null; s = s.newer) {
            copy.add(s);
        }
        return copy;
    }

    int size() {
        return size;
    }
}
