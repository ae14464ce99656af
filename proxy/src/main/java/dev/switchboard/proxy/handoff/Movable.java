// Movable: a client session that can be handed to a successor process.
package dev.switchboard.proxy.handoff;

/** A started client session a successor may take over. */
public interface Movable {
    /**
     * Asks the session to move through {@code mover} if it is at rest now (between transactions, nothing buffered
     * either way); otherwise it stays and is asked again. Any thread: the session acts on its own event loop.
     */
    void handOff(ClientMover mover);

    /** Tells {@code reason} (on the session's loop) why it has not moved: for the log at the end of a handoff. */
    void whyStaying(java.util.function.Consumer<String> reason);

    /** Whether this session can move at all (a TLS session, for one, cannot: its keys live in this process). */
    boolean canMove();
}
