// ServerChain: one of a pool's lists, linked through its servers, newest first.
package dev.switchboard.pooling;

import java.util.ArrayList;
import java.util.List;

/**
 * An intrusive doubly linked list over {@link PooledServer#newer} and {@link PooledServer#older}. A server is on
 * one list at a time, so one pair of links serves every list. Adding and removing cost O(1) and allocate nothing,
 * which matters because every transaction moves a server from idle to active and back. Not thread-safe: the
 * pool's lock guards it.
 */
final class ServerChain<C extends ServerConnection> {

    private PooledServer<C> newest;
    private PooledServer<C> oldest;
    private int size;

    /** Adds a server that is on no list, as the newest. */
    void addNewest(PooledServer<C> s) {
        s.newer = null;
        s.older = newest;
        if (newest != null) {
            newest.newer = s;
        } else {
            oldest = s;
        }
        newest = s;
        size++;
    }

    /** Unlinks a server that is on this list; refuses one whose links say it is not. */
    void remove(PooledServer<C> s) {
        if (s.newer == null ? newest != s : s.newer.older != s) {
            throw new IllegalStateException(s + " is not on the list it is taken from");
        }
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
        s.newer = s.older = null;
        size--;
    }

    /** Null when empty. */
    PooledServer<C> newest() {
        return newest;
    }

    /** Null when empty. */
    PooledServer<C> oldest() {
        return oldest;
    }

    /** A copy, oldest first, so that callers may move servers while walking it. */
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
