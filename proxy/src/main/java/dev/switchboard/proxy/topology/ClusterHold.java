// ClusterHold: whether a cluster's new transactions run or wait (an operator's PAUSE, a planned switchover), and the moves between.
package dev.switchboard.proxy.topology;

/**
 * Every state but {@link #OPEN} holds new transactions (and session starts) on the cluster before they choose a
 * node; transactions already on a server go on. {@link #on} is the one transition function.
 */
public enum ClusterHold {
    /** Transactions choose a node and run. */
    OPEN,
    /** An operator's PAUSE: held until RESUME. */
    PAUSED,
    /** A switchover waits for the transactions in flight to finish (or cancels them once its bound is over). */
    DRAINING,
    /** A switchover has asked for (or waits for) the promotion and waits for the monitors to see the new primary. */
    PROMOTING;

    /** What moves a cluster from one state to another. */
    public enum Event {
        /** An operator pauses the cluster. */
        PAUSE,
        /** An operator resumes it. */
        RESUME,
        /** A switchover starts. */
        SWITCHOVER,
        /** The switchover's transactions in flight are done (finished or cancelled). */
        DRAINED,
        /** The monitors see the new primary: held transactions run there. */
        PROMOTED,
        /** The switchover gave up; held transactions run wherever the topology sends them. */
        FAILED
    }

    /** Whether new transactions on the cluster wait. */
    public boolean holds() {
        return this != OPEN;
    }

    /** Whether a switchover owns the cluster's hold. */
    public boolean switchingOver() {
        return this == DRAINING || this == PROMOTING;
    }

    /**
     * The state after {@code event}.
     *
     * @throws IllegalStateException naming why the move is refused (in words for an operator)
     */
    public ClusterHold on(Event event) {
        return switch (event) {
            case PAUSE -> require(this == OPEN, event, PAUSED);
            case RESUME -> require(this == PAUSED, event, OPEN);
            case SWITCHOVER -> require(this == OPEN, event, DRAINING);
            case DRAINED -> require(this == DRAINING, event, PROMOTING);
            case PROMOTED -> require(this == PROMOTING, event, OPEN);
            case FAILED -> require(switchingOver(), event, OPEN);
        };
    }

    private ClusterHold require(boolean allowed, Event event, ClusterHold next) {
        if (!allowed) {
            throw new IllegalStateException(refusal(event));
        }
        return next;
    }

    private String refusal(Event event) {
        return switch (this) {
            case OPEN -> event == Event.RESUME ? "is not paused" : "has no switchover in progress";
            case PAUSED -> event == Event.PAUSE ? "is already paused" : "is paused; RESUME it first";
            case DRAINING, PROMOTING -> "has a switchover in progress";
        };
    }
}
