// ClientList: every logged-in client of this proxy, for the console's SHOW CLIENTS, SHOW POOLS and KILL_CLIENT.
package dev.switchboard.proxy.console;

import dev.switchboard.proxy.frontend.ClientConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Thread-safe; a client is listed from its authentication until its channel closes. */
public final class ClientList {
    private final ConcurrentMap<Long, ListedClient> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    public ClientList(Clock clock) {
        this.clock = clock;
    }

    /** Lists an authenticated client until its channel closes. */
    public ListedClient add(ClientConnection connection, String database, String user, ClientPhase phase) {
        ListedClient client = new ListedClient(connection, database, user, clock, phase);
        byId.put(connection.id(), client);
        connection.channel().closeFuture().addListener(f -> {
            byId.remove(connection.id());
            client.gone();
        });
        return client;
    }

    /** The client with this id (SHOW CLIENTS' id column), or null. */
    public ListedClient byId(long id) {
        return byId.get(id);
    }

    /** Every listed client, oldest first. */
    public List<ListedClient> all() {
        List<ListedClient> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(c -> c.connection().id()));
        return all;
    }
}
