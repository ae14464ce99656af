// ClientMover: passes one client's socket and state to the successor.
package dev.switchboard.proxy.handoff;

import io.netty.channel.Channel;

/** Sends a client to the successor process; see {@link HandoffGiver}. */
public interface ClientMover {
    /**
     * Sends {@code state} and the socket of {@code client} (whose reads the caller stopped). {@code sent} runs on the
     * client's event loop once the socket is on its way, and the caller lets its own copy go then; {@code failed}
     * runs there if it could not be sent, and the client stays.
     */
    void move(MovedClient state, Channel client, Runnable sent, Runnable failed);

    /**
     * Sends a session-mode client together with the server connection its session holds (whose reads the caller
     * stopped too): both sockets, then {@code sent} or {@code failed} on the client's event loop, as {@link #move}.
     */
    void moveSession(MovedClient state, Channel client, MovedServer serverState, Channel server, Runnable sent,
                     Runnable failed);
}
