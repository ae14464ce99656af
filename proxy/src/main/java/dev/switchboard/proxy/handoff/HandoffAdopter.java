// HandoffAdopter: takes a predecessor's listening sockets and clients into this process.
package dev.switchboard.proxy.handoff;

import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.NodeAddress;
import dev.switchboard.config.PoolMode;
import dev.switchboard.config.UserConfig;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.Buffers;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.frontend.ClientAttributes;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.frontend.ClientLifecycle;
import dev.switchboard.proxy.frontend.ClientStartupHandler;
import dev.switchboard.proxy.link.ContiguousWrites;
import dev.switchboard.proxy.backend.ServerAdoption;
import dev.switchboard.proxy.backend.ServerConn;
import dev.switchboard.proxy.prepared.ServerStatement;
import dev.switchboard.proxy.prepared.StatementKey;
import dev.switchboard.proxy.prepared.StatementRegistry;
import dev.switchboard.pooling.Pool;
import dev.switchboard.topology.NodeView;
import dev.switchboard.proxy.session.SessionStarter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moved client gets the pipeline an authenticated client has here (framer, then the session start), told to
 * go on without a greeting; a session-mode client goes on with the server connection that came with it. One this
 * process cannot serve as it was served (its user or database is gone from the configuration, or the database's
 * pool mode differs here) is closed with 57P01 and a hint to reconnect.
 */
public final class HandoffAdopter implements HandoffTaker.Adopter {
    private static final Logger log = LoggerFactory.getLogger(HandoffAdopter.class);

    private final ProxyContext context;
    private final EventLoopGroup workers;
    private final BiConsumer<String, FileDescriptor> listeners;

    public HandoffAdopter(ProxyContext context, EventLoopGroup workers, BiConsumer<String, FileDescriptor> listeners) {
        this.context = context;
        this.workers = workers;
        this.listeners = listeners;
    }

    @Override
    public void listener(String kind, FileDescriptor fd) {
        if (!kind.equals(HandoffRecords.TCP) && !kind.equals(HandoffRecords.UNIX)) {
            throw new HandoffException("a listener of kind \"" + kind + "\"");
        }
        listeners.accept(kind, fd);
    }

    @Override
    public void client(MovedClient state, FileDescriptor fd) {
        adoptClient(state, fd, null, workers.next());
    }

    /**
     * The server comes first: its pool here leases it to the client at once. A client whose server finds no room
     * here (its pool is gone or full) is asked to reconnect, and the server connection is closed.
     */
    @Override
    public void session(MovedSession state, FileDescriptor clientFd, FileDescriptor serverFd) {
        io.netty.channel.EventLoop loop = workers.next();
        // Not read until its session takes it: a notification waiting in the socket must reach the client.
        ServerConn server = adoptServerChannel(state.server(), serverFd, loop, false);
        Pool<ServerConn> pool = server == null ? null : poolOf(state.server());
        dev.switchboard.pooling.Lease<ServerConn> lease = pool == null ? null : pool.adoptLeased(server);
        if (server != null && lease == null) {
            log.info("server connection {} (pid {}) taken over with its client but not pooled here: {}", server,
                    state.server().processId(), pool == null ? "its pool is not in this configuration" : "its pool is full");
            server.close();
        }
        adoptClient(state.client(), clientFd, lease, loop);
    }

    /**
     * Gives a moved client the pipeline of an authenticated one here, on {@code loop}; {@code lease} is its session's
     * server, if any (registered on the same loop).
     */
    private void adoptClient(MovedClient state, FileDescriptor fd, dev.switchboard.pooling.Lease<ServerConn> lease,
                             io.netty.channel.EventLoop loop) {
        EpollSocketChannel channel = new EpollSocketChannel(fd.intValue());
        channel.config().setTcpNoDelay(true);
        channel.config().setAllocator(Buffers.ALLOCATOR);
        ClientConnection client = ClientConnection.resumed(channel, state.startup(), state.version());
        channel.attr(ClientAttributes.CLIENT).set(client);
        channel.pipeline().addLast(ContiguousWrites.NAME, new ContiguousWrites());
        channel.pipeline().addLast("lifecycle", new ClientLifecycle(context));
        channel.pipeline().addLast(ClientStartupHandler.FRAMER,
                new FrameDecoder(FrameLimits.frontendDefaults(context.config().limits().maxMessageSize())));
        UserConfig user = context.config().user(client.user()).orElse(null);
        DatabaseConfig database = context.config().database(client.database()).orElse(null);
        boolean sessionHere = database != null && user != null && database.poolModeFor(user) == PoolMode.SESSION;
        String refusal = user == null ? "its user is not in this process's configuration"
                : database == null ? "its database is not in this process's configuration"
                : sessionHere && lease == null ? "its database is in session mode here and its server did not come"
                : !sessionHere && lease != null ? "its database is not in session mode here"
                : !context.admitClient(user, channel) ? "its user has max_client_connections clients here" : null;
        if (refusal != null) {
            log.info("[{}] taken over but not served: {}; asked to reconnect", client, refusal);
            if (lease != null) {
                lease.discard();
            }
            channel.pipeline().addLast("refuse", new Refuse());
        } else {
            channel.pipeline().addLast("session-start", new SessionStarter(context, client, user, state, lease));
        }
        loop.register(channel);
    }

    private int serversPooled;

    /** Server connections taken into a pool here so far. */
    public int serversPooled() {
        return serversPooled;
    }

    /** Pools keeping room for a predecessor's connections, until the handoff ends. */
    private final java.util.List<Pool<ServerConn>> awaiting = new java.util.ArrayList<>();

    @Override
    public void expect(PoolAnnouncement announced) {
        Pool<ServerConn> pool = poolOf(announced.node(), announced.database(), announced.user(),
                announced.sessionPool());
        if (pool != null) {
            pool.awaitAdoptions(announced.connections());
            awaiting.add(pool);
        }
    }

    @Override
    public void ended() {
        awaiting.forEach(Pool::stopAwaiting);
        awaiting.clear();
    }

    @Override
    public void namesInUse(long number) {
        StatementRegistry.raiseNamesAbove(number);
    }

    /**
     * Puts a predecessor's idle server connection into the same pool here (same node, virtual database and backend
     * user), with the statements it holds; one whose pool is gone from the configuration, or full, is closed.
     */
    @Override
    public void server(MovedServer state, FileDescriptor fd) {
        ServerConn server = adoptServerChannel(state, fd, workers.next(), true);
        if (server == null) {
            return;
        }
        Pool<ServerConn> pool = poolOf(state);
        String refusal = pool == null ? "its pool is not in this configuration"
                : !pool.adopt(server) ? "its pool is full" : null;
        if (refusal != null) {
            log.info("server connection {} (pid {}) taken over but not pooled here: {}", server, state.processId(),
                    refusal);
            server.close();
        } else {
            serversPooled++;
        }
    }

    /**
     * Wraps a predecessor's server connection, with the statements it holds known here, and registers it on
     * {@code loop} before the next record is read (the end of the handoff must find it pooled); null when it could
     * not be registered (it is closed then). {@code read}: whether to read it from the start.
     */
    private ServerConn adoptServerChannel(MovedServer state, FileDescriptor fd, io.netty.channel.EventLoop loop,
                                          boolean read) {
        AbstractEpollStreamChannel channel;
        if (NodeAddress.isUnixSocket(state.node())) {
            channel = new EpollDomainSocketChannel(fd.intValue());
        } else {
            EpollSocketChannel tcp = new EpollSocketChannel(fd.intValue());
            tcp.config().setTcpNoDelay(true);
            channel = tcp;
        }
        channel.config().setAutoRead(read);
        channel.config().setAllocator(Buffers.ALLOCATOR);
        ServerConn server = ServerAdoption.take(channel, state.node(), context.config().limits().maxMessageSize(),
                state.version(), state.processId(), state.cancelKey(), state.parameters(), state.sessionSettings());
        DatabaseConfig database = context.config().database(state.database()).orElse(null);
        if (database != null) {
            int capacity = database.pool().maxPreparedStatements();
            for (MovedClient.Statement statement : state.statements()) {
                ServerStatement known = context.statementRegistry().adopt(new StatementKey(statement.query(),
                        statement.parameterTypes(), statement.searchPath()), statement.name());
                if (known != null) {
                    server.statements(capacity).add(known, java.util.Set.of());
                }
            }
        }
        io.netty.channel.ChannelFuture registered = loop.register(channel).syncUninterruptibly();
        if (!registered.isSuccess()) {
            log.info("server connection {} (pid {}) taken over but not registered: {}", server, state.processId(),
                    registered.cause().toString());
            server.close();
            return null;
        }
        return server;
    }

    private Pool<ServerConn> poolOf(MovedServer state) {
        return poolOf(state.node(), state.database(), state.user(), state.sessionPool());
    }

    /** The pool the server belonged to, here; null when its database, user or node is no longer configured. */
    private Pool<ServerConn> poolOf(String nodeAddress, String databaseName, String backendUser, boolean sessionPool) {
        DatabaseConfig database = context.config().database(databaseName).orElse(null);
        UserConfig user = database == null ? null : context.config().users().values().stream()
                .filter(u -> u.backendUser().equals(backendUser)).findFirst().orElse(null);
        if (user == null) {
            return null;
        }
        NodeView node = context.routing(database).topology().current().node(nodeAddress);
        if (node == null) {
            return null;
        }
        return sessionPool ? context.poolFor(database, user, node) : context.multiplexedPoolFor(database, user, node);
    }

    /** Closes the client as a restart would, so that it reconnects to this process. */
    private static final class Refuse extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.fireChannelActive();
            ctx.pipeline().fireUserEventTriggered(ClientLifecycle.SESSION_STARTED);
            ClientErrors.fatal(ctx.channel(), ErrorResponse.fatal("57P01",
                    "terminating connection because Switchboard was restarted").withHint("Connect again."));
        }
    }
}
