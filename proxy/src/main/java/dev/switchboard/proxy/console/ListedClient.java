// ListedClient: one logged-in client as the console lists it (SHOW CLIENTS, POOLS, KILL_CLIENT).
package dev.switchboard.proxy.console;

import dev.switchboard.proxy.frontend.ClientConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/** Written on the client's event loop, read by console sessions on theirs: the phase is volatile. */
public final class ListedClient {
    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(ListedClient.class, "phase", ClientPhase.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClientConnection connection;
    private final String database;
    private final String user;
    private final Instant connectedAt;
    private volatile ClientPhase phase;
    private final java.time.Clock clock;
    /** Null unless a transaction-mode session holds state that ties it to its server. */
    private volatile PinnedTo pinned;

    ListedClient(ClientConnection connection, String database, String user, java.time.Clock clock,
                 ClientPhase phase) {
        this.connection = connection;
        this.clock = clock;
        this.database = database;
        this.user = user;
        this.connectedAt = clock.instant();
        this.phase = phase;
    }

    public ClientConnection connection() {
        return connection;
    }

    /** The database as the client named it. */
    public String database() {
        return database;
    }

    /** The user the client logged in as. */
    public String user() {
        return user;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public ClientPhase phase() {
        return phase;
    }

    /** Its session started: it has its server connection. A client that left meanwhile stays gone. */
    public void started() {
        if (phase == ClientPhase.WAITING) {
            phase = phase.next(ClientPhase.ACTIVE);
        }
    }

    /**
     * A transaction-mode client took a server for a transaction ({@code true}) or gave it back ({@code false}):
     * {@code active} and {@code idle} in SHOW CLIENTS. Called on the client's event loop only.
     */
    public void serving(boolean holdsServer) {
        ClientPhase now = phase;
        // Twice per transaction: a release store orders it after what came before without the full fence of a
        // volatile write, and a console reading the phase a moment late is still right about the client.
        if (now == ClientPhase.ACTIVE && !holdsServer) {
            PHASE.setRelease(this, now.next(ClientPhase.IDLE));
        } else if (now == ClientPhase.IDLE && holdsServer) {
            PHASE.setRelease(this, now.next(ClientPhase.ACTIVE));
        }
    }

    /** Null unless pinned. */
    public PinnedTo pinned() {
        return pinned;
    }

    /**
     * The session's pins changed (on its event loop): still pinned to {@code server} for {@code reasons}, or no
     * longer pinned when {@code reasons} is empty. The time of the first pin is kept while it lasts.
     */
    public void pins(String server, int remotePid, String reasons) {
        PinnedTo before = pinned;
        pinned = reasons.isEmpty() ? null
                : new PinnedTo(server, remotePid, reasons, before == null ? clock.instant() : before.since());
    }

    void gone() {
        phase = phase.next(ClientPhase.GONE);
    }
}
