// ListedClient: one logged-in client as the console lists it (SHOW CLIENTS, POOLS, KILL_CLIENT).
package dev.switchboard.proxy.console;

import dev.switchboard.proxy.frontend.ClientConnection;
import java.time.Instant;

/** Written on the client's event loop, read by console sessions on theirs: the phase is volatile. */
public final class ListedClient {
    private final ClientConnection connection;
    private final String database;
    private final String user;
    private final Instant connectedAt;
    private volatile ClientPhase phase;

    ListedClient(ClientConnection connection, String database, String user, Instant connectedAt, ClientPhase phase) {
        this.connection = connection;
        this.database = database;
        this.user = user;
        this.connectedAt = connectedAt;
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

    void gone() {
        phase = phase.next(ClientPhase.GONE);
    }
}
