// BackendListener: whoever currently owns a server connection receives its frames through this.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.Frame;

/** Receives a server connection's events on the server channel's event loop. */
public interface BackendListener {

    /** Takes ownership of the frame: release it or pass it on. */
    void onFrame(ServerConn server, Frame frame);

    /** The server connection is gone; {@code cause} is null for an orderly close. */
    void onClosed(ServerConn server, Throwable cause);

    /** The server channel finished a read burst: a good moment to flush what was forwarded. */
    default void onReadComplete(ServerConn server) {
    }

    /** The server channel's writability changed (for backpressure towards the client). */
    default void onWritabilityChanged(ServerConn server, boolean writable) {
    }
}
