// HubCommand: one simple Query a listener hub sent to its server, waiting for its ReadyForQuery.
package dev.switchboard.proxy.notify;

import dev.switchboard.protocol.backend.ErrorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A command and what its reply brought so far; owned by the hub's mailbox. */
final class HubCommand {

    enum Kind { SETUP, LISTEN, UNLISTEN, PROBE }

    final Kind kind;
    /** The channel of a LISTEN/UNLISTEN, else null. */
    final String channel;
    final String sql;
    /** Completes on the command's ReadyForQuery; fails with the server's error or the connection's loss. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** First column of each DataRow (PROBE only). */
    final List<String> rows = new ArrayList<>();
    /** The first ErrorResponse the command got. */
    ErrorResponse error;

    private HubCommand(Kind kind, String channel, String sql) {
        this.kind = kind;
        this.channel = channel;
        this.sql = sql;
    }

    static HubCommand listen(String channel) {
        return new HubCommand(Kind.LISTEN, channel, "LISTEN " + ChannelNames.quote(channel));
    }

    static HubCommand unlisten(String channel) {
        return new HubCommand(Kind.UNLISTEN, channel, "UNLISTEN " + ChannelNames.quote(channel));
    }

    /** Names the connection in pg_stat_activity and fixes the encoding channel names are compared in. */
    static HubCommand setup(String hubName) {
        return new HubCommand(Kind.SETUP, null, "SET application_name TO "
                + ChannelNames.literal(applicationName(hubName)) + "; SET client_encoding TO 'UTF8'");
    }

    static HubCommand probe(String sql) {
        return new HubCommand(Kind.PROBE, null, sql);
    }

    /** What pg_stat_activity shows for a hub's connection (PostgreSQL keeps 63 bytes of ASCII). */
    static String applicationName(String hubName) {
        String name = "switchboard listener " + hubName.replaceAll("[^\\x20-\\x7e]", "?");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    @Override
    public String toString() {
        return sql;
    }
}
