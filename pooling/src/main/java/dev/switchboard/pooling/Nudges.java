// Runs cross-pool work (budget nudges and evictions) iteratively instead of recursively on one thread.
package dev.switchboard.pooling;

import java.util.ArrayDeque;

/**
 * A nudge makes a pool dispatch, which may free or refuse budget slots and so nudge or evict in other
 * pools, which nudge back... Run recursively, a pool with thousands of waiters could overflow the stack.
 * Here work started while other such work runs on the same thread is queued and run after it, in order.
 * Callers hold no lock.
 */
final class Nudges {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());
    private static final ThreadLocal<ArrayDeque<Runnable>> PENDING = new ThreadLocal<>();

    private Nudges() {
    }

    static void run(Runnable task) {
        ArrayDeque<Runnable> pending = PENDING.get();
        if (pending != null) {
            pending.addLast(task);
            return;
        }
        pending = new ArrayDeque<>();
        PENDING.set(pending);
        try {
            for (Runnable next = task; next != null; next = pending.pollFirst()) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    // One pool's failure must not strand the nudges queued for the others.
                    LOG.log(System.Logger.Level.WARNING, "nudging a pool after a connection budget change failed", e);
                }
            }
        } finally {
            PENDING.remove();
        }
    }
}
