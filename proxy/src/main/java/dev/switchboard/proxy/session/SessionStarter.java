// SessionStarter: after authentication, finds the client's database and leases it a server connection.
package dev.switchboard.proxy.session;

import dev.switchboard.config.ConsoleUsers;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.UserConfig;
import dev.switchboard.pooling.Lease;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.console.ClientPhase;
import dev.switchboard.proxy.console.ConsoleSession;
import dev.switchboard.proxy.console.ListedClient;
import dev.switchboard.proxy.extensions.ClientExtensions;
import dev.switchboard.proxy.extensions.ClientReports;
import dev.switchboard.proxy.extensions.Extension;
import dev.switchboard.proxy.extensions.ExtensionException;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.handoff.MovedClient;
import dev.switchboard.proxy.link.LeaseFailure;
import dev.switchboard.proxy.topology.ClusterRouting;
import dev.switchboard.proxy.topology.NodeLeases;
import dev.switchboard.proxy.topology.Routes;
import dev.switchboard.proxy.txn.TransactionLink;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the client while its server connection is leased. Anything the client sends meanwhile is kept in order
 * and handed to the session, and reading from it stops until the session has started; a client that waits for
 * its greeting, as clients do, is never switched off and on.
 */
public final class SessionStarter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionStarter.class);

    private final ProxyContext context;
    private final ClientConnection client;
    private final UserConfig user;
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private CompletableFuture<NodeLeases.Chosen> pending;
    /** This client in the console's list. */
    private ListedClient listed;

    /** Null unless the client was handed over by another process (greeted there already). */
    private final MovedClient resumed;
    /** The server a session-mode client handed over came with; null otherwise. */
    private final Lease<ServerConn> resumedLease;

    public SessionStarter(ProxyContext context, ClientConnection client, UserConfig user) {
        this(context, client, user, null, null);
    }

    /**
     * @param resumed      nullable: a client another process handed over, at rest
     * @param resumedLease nullable: the server connection a handed-over session-mode client came with
     */
    public SessionStarter(ProxyContext context, ClientConnection client, UserConfig user, MovedClient resumed,
                          Lease<ServerConn> resumedLease) {
        this.context = context;
        this.client = client;
        this.user = user;
        this.resumed = resumed;
        this.resumedLease = resumedLease;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (resumed == null && ConsoleUsers.DATABASES.contains(client.database())) {
            // The console answers by itself: no pool, no server connection.
            ctx.pipeline().replace(this, "console", new ConsoleSession(context, client, user));
            return;
        }
        listed = context.clientList().add(client, client.database(), user.name(),
                resumed == null ? ClientPhase.WAITING : ClientPhase.ACTIVE);
        DatabaseConfig database = context.config().database(client.database()).orElse(null);
        if (database == null) {
            ClientErrors.fatal(ctx.channel(), "3D000", "database \"" + client.database() + "\" does not exist");
            return;
        }
        if (context.consoleControl().state(database.name()).disabled()) {
            // DISABLE on the console; PostgreSQL's words for a database that takes no connections.
            ClientErrors.fatal(ctx.channel(), "55000", "database \"" + database.name()
                    + "\" is not currently accepting connections");
            return;
        }
        Map<String, String> settings;
        PoolMode mode = database.poolModeFor(user);
        ClientReports reports;
        try {
            settings = StartupSettings.of(client.startup().parameters());
            reports = reports(ctx, database);
        } catch (IllegalArgumentException e) {
            ClientErrors.fatal(ctx.channel(), "0A000", e.getMessage());
            return;
        } catch (ExtensionException e) {
            ClientErrors.fatal(ctx.channel(), e.sqlState(), e.getMessage());
            return;
        }
        String resetQuery = database.pool().resetQuery();
        if (resumedLease != null) {
            ctx.executor().execute(() -> leased(ctx, resumedLease, null, settings, resetQuery, database, mode, reports));
            return;
        }
        ClusterRouting routing = context.routing(database);
        // A session stays on its node; transaction mode routes again per transaction, this is only its first server.
        pending = mode == PoolMode.SESSION
                ? SessionLeases.acquire(routing, database, reports.extensions().minLsn(), ctx.channel().eventLoop(),
                        node -> context.poolFor(database, user, node))
                : NodeLeases.acquire(routing, Routes.forTransaction(database, false), Routes.lagBound(database), null,
                        ctx.channel().eventLoop(), node -> context.multiplexedPoolFor(database, user, node));
        pending.whenComplete((chosen, error) -> ctx.executor().execute(() -> leased(ctx,
                chosen == null ? null : chosen.lease(), error, settings, resetQuery, database, mode, reports)));
    }

    /** The client's extensions, from its accepted {@code _pq_.switchboard.*} parameters and middleware settings. */
    private ClientReports reports(ChannelHandlerContext ctx, DatabaseConfig database) {
        Map<String, String> protocol = new java.util.LinkedHashMap<>();
        client.startup().protocolOptions().forEach((name, value) -> {
            if (Extension.ofProtocolParameter(name) != null) {
                protocol.put(name, value);
            }
        });
        ClientExtensions extensions = ClientExtensions.fromStartup(protocol,
                StartupSettings.middleware(client.startup().parameters()));
        return new ClientReports(extensions, extensions.on(Extension.GOAWAY), ctx.channel(),
                context.topologyFeed(database), database.target(), context.drain());
    }

    private void leased(ChannelHandlerContext ctx, Lease<ServerConn> lease, Throwable error, Map<String, String> settings,
                        String resetQuery, DatabaseConfig database, PoolMode mode, ClientReports reports) {
        if (error != null) {
            failed(ctx, NodeLeases.unwrap(error));
            return;
        }
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            lease.release(); // the client left while waiting; the server was not touched
            return;
        }
        listed.started();
        ArrayDeque<Object> sentEarly = new ArrayDeque<>(early);
        early.clear();
        if (mode == PoolMode.SESSION) {
            SessionLink link = new SessionLink(context, client, database, user, lease, settings, resetQuery,
                    reports, resumed);
            ctx.pipeline().replace(this, "session", link);
            link.start(sentEarly);
        } else {
            TransactionLink link = new TransactionLink(context, client, database, user, lease, settings,
                    mode == PoolMode.STATEMENT, reports, resumed);
            ctx.pipeline().replace(this, "session", link);
            link.start(sentEarly);
        }
    }

    private void failed(ChannelHandlerContext ctx, Throwable error) {
        if (!LeaseFailure.isExpected(error)) {
            log.warn("[{}] could not lease a server connection", client, error);
        }
        ErrorResponse fatal = LeaseFailure.describe(error, true);
        if (LeaseFailure.isExpected(error)) {
            log.info("[{}] {}", client, fatal.message());
        }
        if (ctx.channel().isActive()) {
            ClientErrors.fatal(ctx.channel(), fatal);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
        ctx.channel().config().setAutoRead(false); // the session resumes reading once it has started
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.cancel(false); // the pool returns a server handed over in the same instant
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
    }
}
