// HubState: where a listener hub's server connection stands, and which moves between those places are legal.
package dev.switchboard.proxy.notify;

import java.util.EnumSet;
import java.util.Set;

/**
 * The hub has a server exactly in {@link #LISTENING}. A server lost while clients still subscribe leads
 * through {@link #RETRY_WAIT} and {@link #RECONNECTING} back to {@code LISTENING} on whatever node is the
 * write target then, or, when the reconnect policy gives up, to {@link #IDLE} with every sink told.
 */
public enum HubState {
    /** No server and no attempt: before the first LISTEN, after a failed first connect, after giving up. */
    IDLE,
    /** The first connection is being opened; commands wait for it. */
    CONNECTING,
    /** A server is connected; commands go to it as they come. */
    LISTENING,
    /** The server was lost with channels subscribed: waiting for the reconnect policy's next attempt. */
    RETRY_WAIT,
    /** A new connection is being opened; every subscribed channel is LISTENed again on it. */
    RECONNECTING,
    /** For good: nothing is listened, listens fail. */
    CLOSED;

    private Set<HubState> next() {
        return switch (this) {
            case IDLE -> EnumSet.of(CONNECTING, CLOSED);
            case CONNECTING -> EnumSet.of(LISTENING, IDLE, CLOSED);
            // IDLE: lost with nobody subscribed, so there is nothing to listen again.
            case LISTENING -> EnumSet.of(RETRY_WAIT, IDLE, CLOSED);
            case RETRY_WAIT -> EnumSet.of(RECONNECTING, IDLE, CLOSED);
            case RECONNECTING -> EnumSet.of(LISTENING, RETRY_WAIT, IDLE, CLOSED);
            case CLOSED -> EnumSet.noneOf(HubState.class);
        };
    }

    /** Whether a hub in this state may move to {@code target}. */
    boolean canMoveTo(HubState target) {
        return next().contains(target);
    }

    /** Whether the hub holds a server connection in this state. */
    boolean hasServer() {
        return this == LISTENING;
    }

    /** Whether commands sent now wait for a connection being opened (rather than need one to be started). */
    boolean awaitsServer() {
        return this == CONNECTING || this == RETRY_WAIT || this == RECONNECTING;
    }
}
