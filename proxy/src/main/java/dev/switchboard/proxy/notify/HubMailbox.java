// HubMailbox: runs a listener hub's tasks one at a time, in submission order, on the hub's server event loop.
package dev.switchboard.proxy.notify;

import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serial execution for a hub whose event loop is not known up front (there is none before the first
 * connection) and may change on reconnect. Tasks run on the home loop when there is one, otherwise on
 * the submitting thread; never two at once, always in order, so the hub's state needs no locks.
 * A task submitted from inside a running task is queued, never run re-entrantly.
 */
final class HubMailbox implements Executor {
    private static final Logger log = LoggerFactory.getLogger(HubMailbox.class);
    /** Tasks run per turn on the event loop before yielding it to the loop's other channels. */
    private static final int BATCH = 256;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final String owner;
    private volatile EventLoop home;

    HubMailbox(String owner) {
        this.owner = owner;
    }

    /** Moves execution to {@code loop}; called from a task, takes effect from the next task on. */
    void home(EventLoop loop) {
        this.home = loop;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            runOrHop();
        }
    }

    /** Called while holding the "scheduled" token: drain here if this is the right thread, else hand over. */
    private void runOrHop() {
        EventLoop loop = home;
        if (loop == null || loop.inEventLoop()) {
            drain();
            return;
        }
        try {
            loop.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: running here is still serial, and losing tasks would leak frames.
            drain();
        }
    }

    private void drain() {
        int ran = 0;
        for (;;) {
            EventLoop loop = home;
            boolean offHome = loop != null && !loop.inEventLoop();
            if (offHome || (ran >= BATCH && loop != null)) {
                if (hop(loop)) {
                    return;
                }
                ran = 0;
            }
            Runnable task = tasks.poll();
            if (task == null) {
                scheduled.set(false);
                // A task added after the poll but before the flag was cleared would be stranded.
                if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            ran++;
            try {
                task.run();
            } catch (Throwable e) {
                log.error("[{}] listener hub task failed", owner, e);
            }
        }
    }

    /** Continues draining on {@code loop}; false if the loop refused (then the caller keeps draining). */
    private boolean hop(EventLoop loop) {
        try {
            loop.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
