// ConnectionShows: SHOW CLIENTS, SERVERS and SOCKETS — one row per connection, in PgBouncer's shared layout.
package dev.switchboard.proxy.console;

import dev.switchboard.pooling.Pool;
import dev.switchboard.pooling.ServerEntry;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * What has no counterpart here takes PgBouncer's neutral value: replication {@code none}, wait 0, close_needed 0,
 * link empty (a transaction-mode client has no fixed server), prepared_statements 0. A client's request_time is
 * its connect time (the proxy does not time requests); a server's connect and request times are NULL.
 */
final class ConnectionShows {
    private final ProxyContext context;

    ConnectionShows(ProxyContext context) {
        this.context = context;
    }

    ConsoleResult clients() {
        ConsoleResult result = new ConsoleResult(ShowColumns.CLIENTS);
        clientRows().forEach(row -> result.row(row.toArray()));
        return result;
    }

    ConsoleResult servers() {
        ConsoleResult result = new ConsoleResult(ShowColumns.SERVERS);
        serverRows().forEach(row -> result.row(row.toArray()));
        return result;
    }

    /** Clients then servers, with the buffer positions PgBouncer adds (0: Netty owns the buffers). */
    ConsoleResult sockets() {
        ConsoleResult result = new ConsoleResult(ShowColumns.SOCKETS);
        List<List<Object>> rows = new ArrayList<>(clientRows());
        rows.addAll(serverRows());
        for (List<Object> row : rows) {
            List<Object> full = new ArrayList<>(row);
            full.addAll(Arrays.asList(0, 0, 0, 0, 0, 0, 0));
            result.row(full.toArray());
        }
        return result;
    }

    /** One row per client pinned to its server (transaction and statement mode), oldest client first. */
    ConsoleResult pins() {
        ConsoleResult result = new ConsoleResult(ShowColumns.PINS);
        for (ListedClient c : context.clientList().all()) {
            PinnedTo pin = c.pinned();
            if (pin != null) {
                result.row((int) c.connection().id(), c.user(), c.database(), pin.server(), pin.remotePid(),
                        pin.reasons(), pin.since());
            }
        }
        return result;
    }

    private List<List<Object>> clientRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (ListedClient c : context.clientList().all()) {
            Channel channel = c.connection().channel();
            String application = c.connection().startup().parameters().getOrDefault("application_name", "");
            long id = c.connection().id();
            rows.add(Arrays.asList("C", c.user(), c.database(), "none", c.phase().label(),
                    host(channel.remoteAddress()), port(channel.remoteAddress()), host(channel.localAddress()),
                    port(channel.localAddress()), c.connectedAt(), c.connectedAt(), 0, 0, 0, pointer(id), "", 0,
                    tls(channel), application, 0, (int) id));
        }
        return rows;
    }

    private List<List<Object>> serverRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (Pool<ServerConn> pool : context.allPools()) {
            for (ServerEntry<ServerConn> s : pool.servers()) {
                ServerConn conn = s.connection();
                Channel channel = conn == null ? null : conn.channel();
                String node = pool.key().node();
                // The node's port, also for a node on its Unix socket (as PgBouncer shows it: addr "unix").
                int nodePort = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
                rows.add(Arrays.asList("S", pool.key().user(), pool.key().database(), "none", serverState(s),
                        channel == null ? node.substring(0, node.lastIndexOf(':')) : host(channel.remoteAddress()),
                        nodePort,
                        channel == null ? null : host(channel.localAddress()),
                        channel != null && channel.localAddress() instanceof InetSocketAddress local
                                ? local.getPort() : 0,
                        null, null, 0, 0, 0,
                        pointer(s.id()), "", conn == null ? 0 : conn.processId(),
                        channel == null ? "" : tls(channel), "", 0, (int) s.id()));
            }
        }
        return rows;
    }

    /** PgBouncer's server states: leased is active, free is idle, under health check tested, opening new. */
    private static String serverState(ServerEntry<ServerConn> s) {
        return switch (s.state()) {
            case ACTIVE -> "active";
            case IDLE -> "idle";
            case CHECKING -> "tested";
            case CONNECTING, NEW -> "new";
            case CLOSED -> "closed";
        };
    }

    /** Unix-socket peers show as {@code unix}, as in PgBouncer. */
    private static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "unix";
    }

    private int port(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : context.config().listen().port();
    }

    /** PgBouncer prints its object's address; here the connection's number stands in, in the same form. */
    private static String pointer(long id) {
        return String.format("0x%012x", id);
    }

    /** {@code protocol/cipher}, or empty without TLS. */
    private static String tls(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return "";
        }
        SSLSession session = ssl.engine().getSession();
        return session.getProtocol() + "/" + session.getCipherSuite();
    }
}
