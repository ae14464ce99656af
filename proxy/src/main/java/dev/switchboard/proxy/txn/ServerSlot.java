// ServerSlot: the server a transaction-mode client holds, if any — how one is leased, held, given back or lost.
package dev.switchboard.proxy.txn;

import dev.switchboard.pooling.Lease;
import dev.switchboard.protocol.Frame;
import dev.switchboard.proxy.backend.BackendListener;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.console.ListedClient;
import dev.switchboard.proxy.link.Backpressure;
import dev.switchboard.proxy.link.Backpressure.ClientPause;
import dev.switchboard.topology.Route;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A client between transactions holds nothing; when it sends work a server is leased, held for the
 * transaction, and given back (or lost). Each of those is a {@link State}, and {@link #moveTo} refuses a
 * move that makes no sense (a second lease while one is under way, a give-back of nothing). Every change of
 * hands goes through here, so the server's events, its load count and the link's {@link Backpressure} are
 * always attached to the server actually held. Confined to the client's event loop.
 */
final class ServerSlot {

    enum State {
        /** No server: the next request leases one. */
        EMPTY,
        /** A lease is under way; client frames wait (and the client is not read). */
        LEASING,
        /** A server is held: requests go to it. */
        HELD,
        /** A standby is being asked whether it replayed the client's commit: nothing of the client's may reach it. */
        VERIFYING_REPLAY,
        /** The transaction is over and the proxy's own queries decide whether the server goes back; client frames wait. */
        GIVING_BACK
    }

    private static final Map<State, Set<State>> MOVES = new EnumMap<>(State.class);

    static {
        MOVES.put(State.EMPTY, EnumSet.of(State.LEASING));
        MOVES.put(State.LEASING, EnumSet.of(State.HELD, State.EMPTY));
        MOVES.put(State.HELD, EnumSet.of(State.VERIFYING_REPLAY, State.GIVING_BACK, State.EMPTY));
        MOVES.put(State.VERIFYING_REPLAY, EnumSet.of(State.HELD, State.EMPTY));
        MOVES.put(State.GIVING_BACK, EnumSet.of(State.HELD, State.EMPTY));
    }

    private final ServerChooser chooser;
    private final Backpressure backpressure;
    private BackendListener events;
    private State state = State.HELD;
    private ServerConn server;
    private Lease<ServerConn> lease;
    /** How the held server was chosen; null for the first server, which the session start leased. */
    private ServerChooser.Leased leased;
    /** The route of the last lease: whether a server lost was the primary. */
    private Route route;

    /** How the console lists the client (null when it is not listed): active while a server is held. */
    private final ListedClient listed;

    /** Holds the first server, which the session start leased for {@code firstRoute}. */
    ServerSlot(Lease<ServerConn> first, Route firstRoute, ServerChooser chooser, Backpressure backpressure,
               ListedClient listed) {
        this.lease = first;
        this.server = first.connection();
        this.route = firstRoute;
        this.chooser = chooser;
        this.backpressure = backpressure;
        this.listed = listed;
    }

    /** Starts delivering the first server's events to {@code listener}, which every later server gets too. */
    void attachFirst(BackendListener listener) {
        this.events = listener;
        server.listen(events);
        backpressure.attach(server);
    }

    State state() {
        return state;
    }

    /** The server held, or null. */
    ServerConn server() {
        return server;
    }

    /** Whether events from {@code from} are this link's: a server given back or lost may still have some queued. */
    boolean holds(ServerConn from) {
        return from != null && from == server;
    }

    Route route() {
        return route;
    }

    /**
     * Leases a server for the transaction {@code first} starts. An idle server at hand arrives before this
     * returns. Otherwise the client is still read while it waits: the link keeps what it sends and pauses it
     * ({@link ClientPause#LEASING}) only when that grows large, and the arrival lifts the pause.
     */
    void lease(Frame first, boolean primaryOnly, Consumer<ServerChooser.Leased> arrived, Consumer<Throwable> failed) {
        moveTo(State.LEASING);
        chooser.lease(first, primaryOnly, arrived, failed);
    }

    void leaseFailed() {
        backpressure.resumeClient(ClientPause.LEASING);
        moveTo(State.EMPTY);
    }

    /** The lease arrived after the client left: it goes straight back. */
    void leaseUnwanted(ServerChooser.Leased unwanted) {
        chooser.finished(unwanted);
        unwanted.lease().release();
        moveTo(State.EMPTY);
    }

    void hold(ServerChooser.Leased arrived) {
        backpressure.resumeClient(ClientPause.LEASING);
        leased = arrived;
        route = arrived.route();
        lease = arrived.lease();
        server = lease.connection();
        moveTo(State.HELD);
        server.listen(events);
        backpressure.attach(server);
        if (listed != null) {
            listed.serving(true);
        }
    }

    void verifyingReplay() {
        moveTo(State.VERIFYING_REPLAY);
    }

    void replayVerified() {
        moveTo(State.HELD);
    }

    void givingBack() {
        moveTo(State.GIVING_BACK);
    }

    /** The give-back queries answered; the decision is taken again with the server held. */
    void keep() {
        moveTo(State.HELD);
    }

    /** Returns the held server to its pool, at rest. */
    void giveBack() {
        ServerConn done = server;
        Lease<ServerConn> doneLease = letGo();
        done.listenIdle();
        doneLease.release();
    }

    /** The held server is gone or unusable: it is closed, never reused. */
    void discard() {
        letGo().discard();
    }

    /** Lets go of the held server and hands its lease to the caller (who resets and pools it, or closes it). */
    Lease<ServerConn> handOver() {
        return letGo();
    }

    private Lease<ServerConn> letGo() {
        Lease<ServerConn> released = lease;
        backpressure.detach();
        if (leased != null) {
            chooser.finished(leased);
            leased = null;
        }
        server = null;
        lease = null;
        moveTo(State.EMPTY);
        if (listed != null) {
            listed.serving(false);
        }
        return released;
    }

    private void moveTo(State next) {
        if (!MOVES.get(state).contains(next)) {
            throw new IllegalStateException("server slot cannot move from " + state + " to " + next);
        }
        state = next;
    }

    @Override
    public String toString() {
        return switch (state) {
            case EMPTY -> "none";
            case LEASING -> "being leased";
            case HELD, VERIFYING_REPLAY, GIVING_BACK -> server.name() + (state == State.HELD ? "" : ", " + state)
                    + (server.channel().config().isAutoRead() ? " (read" : " (not read")
                    + (server.channel().isWritable() ? ")" : ", socket full)");
        };
    }
}
