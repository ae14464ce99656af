// NodeMonitor: the thread that keeps reading one node and reports every reading, or that the node is unreachable.
package dev.switchboard.topology.monitor;

import dev.switchboard.topology.NodeObservation;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one node on its own daemon thread {@code sb-monitor-<node>}: connect if needed, read the node with
 * {@link NodeProbe}, then wait one interval on the idle connection so that a lost connection is reported at
 * once. Every reading goes to the listener, including one unreachable reading per failed attempt:
 * <ul>
 *   <li>connecting fails: unreachable, retry after the interval;</li>
 *   <li>the probe fails: unreachable, the connection is dropped, retry after the interval;</li>
 *   <li>the connection is lost while waiting: unreachable at once, and reconnect at once (only the first retry
 *       skips the wait, so a node that keeps dropping connections is not hammered).</li>
 * </ul>
 */
public final class NodeMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeMonitor.class);
    /** How long {@link #close()} waits for the thread beyond the time one connection attempt may take. */
    private static final long JOIN_GRACE_MILLIS = 500;

    private final NodeEndpoint endpoint;
    private final MonitorSettings settings;
    private final Consumer<NodeObservation> listener;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running;
    private volatile MonitorConnection connection;
    /** null before the first attempt; then whether the last attempt reached the node (logged on change only). */
    private Boolean reachable;

    /**
     * A monitor of {@code endpoint}; readings are stamped by {@code clock} and carry {@code endpoint.node()}.
     *
     * @param listener gets every reading on the monitor's thread; it must not block for long
     */
    public NodeMonitor(NodeEndpoint endpoint, MonitorSettings settings, Consumer<NodeObservation> listener,
                       Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = new Thread(this::run, "sb-monitor-" + endpoint.node());
        thread.setDaemon(true);
    }

    /** A monitor with the system clock. */
    public NodeMonitor(NodeEndpoint endpoint, MonitorSettings settings, Consumer<NodeObservation> listener) {
        this(endpoint, settings, listener, Clock.systemUTC());
    }

    /** The node's id, as in its readings. */
    public String node() {
        return endpoint.node();
    }

    /** Starts the thread; once only. */
    public synchronized void start() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("monitor of " + endpoint.node() + " was already started");
        }
        running = true;
        thread.start();
    }

    /**
     * Stops polling and waits briefly for the thread to end; once it has ended no reading is reported. Only a
     * connection attempt still in progress can outlive the wait (it is logged), and it reports nothing.
     */
    @Override
    public void close() {
        stop();
        join();
    }

    /** Tells the thread to stop and wakes it: interrupts a pause, closes the socket a read is blocked on. */
    void stop() {
        running = false;
        thread.interrupt();
        MonitorConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    /** Waits for the thread; a connection attempt in progress can take up to the connect timeout. */
    void join() {
        if (thread.getState() == Thread.State.NEW || Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(settings.connectTimeout().toMillis() + JOIN_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("monitor of node {} did not stop within {}; it ends with its current attempt", endpoint.node(),
                    settings.connectTimeout());
        }
    }

    private void run() {
        boolean immediateRetryUsed = false;
        try {
            while (running) {
                if (connection == null && !connect()) {
                    pause();
                    continue;
                }
                NodeObservation reading;
                try {
                    reading = NodeProbe.read(connection, endpoint.node(), clock);
                } catch (IOException | RuntimeException e) {
                    drop();
                    unreachable("reading failed: " + describe(e));
                    pause();
                    continue;
                }
                reached(reading);
                if (!connection.awaitLoss(settings.interval())) {
                    immediateRetryUsed = false;
                    continue;
                }
                String why = connection.lossReason();
                drop();
                unreachable("connection lost: " + (why == null ? "unknown reason" : why));
                if (immediateRetryUsed) {
                    pause();
                }
                immediateRetryUsed = true;
            }
        } finally {
            drop();
        }
    }

    /** Opens the connection; false (after reporting the node unreachable) when that fails. */
    private boolean connect() {
        MonitorConnection opened;
        try {
            opened = MonitorConnection.open(endpoint.host(), endpoint.port(), settings);
        } catch (IOException | RuntimeException e) {
            unreachable(describe(e));
            return false;
        }
        connection = opened;
        if (!running) {
            // close() may have looked for a connection before this one was published.
            opened.close();
            return false;
        }
        return true;
    }

    private void drop() {
        MonitorConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    private void reached(NodeObservation reading) {
        if (!report(reading)) {
            return;
        }
        String role = (reading.standby() ? "standby" : "writable") + " on timeline " + reading.timeline();
        if (Boolean.FALSE.equals(reachable)) {
            log.info("node {} is reachable again: {}", endpoint.node(), role);
        } else if (reachable == null) {
            log.debug("node {} is reachable: {}", endpoint.node(), role);
        }
        reachable = true;
    }

    private void unreachable(String why) {
        if (!report(NodeObservation.unreachable(endpoint.node(), why, clock.instant()))) {
            return;
        }
        if (!Boolean.FALSE.equals(reachable)) {
            log.info("node {} is unreachable: {}", endpoint.node(), why);
        }
        reachable = false;
    }

    /** Hands a reading to the listener unless the monitor is stopping; a failing listener is logged, not fatal. */
    private boolean report(NodeObservation reading) {
        if (!running) {
            return false;
        }
        try {
            listener.accept(reading);
        } catch (RuntimeException e) {
            log.warn("listener of the monitor of node {} failed on {}", endpoint.node(), reading, e);
        }
        return true;
    }

    private void pause() {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(settings.interval().toMillis(), settings.interval().toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            // close() interrupts; the loop sees running == false.
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
}
