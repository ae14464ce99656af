// SwitchboardServer: a running proxy — listening sockets, event loops, pools and their maintenance.
package dev.switchboard.proxy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.protocol.startup.StartupDecoder;
import dev.switchboard.proxy.admin.AdminServer;
import dev.switchboard.proxy.frontend.ClientLifecycle;
import dev.switchboard.proxy.frontend.ClientStartupHandler;
import dev.switchboard.proxy.handoff.HandoffAdopter;
import dev.switchboard.proxy.handoff.HandoffGiver;
import dev.switchboard.proxy.handoff.HandoffTaker;
import dev.switchboard.proxy.link.ContiguousWrites;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the proxy for a configuration; {@link #close()} stops it. */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);

    /** How long start-up waits for the monitors' first readings; a node not read by then counts as not known yet. */
    private static final java.time.Duration FIRST_READINGS = java.time.Duration.ofSeconds(5);

    private final ProxyContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<HandoffGiver.Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path unixSocket;
    private AdminServer admin;
    private HandoffGiver giver;
    /** The listeners went to a successor: the Unix socket file is its now. */
    private volatile boolean listenersHandedOver;
    /** Unix listeners handed to a successor: kept open (not closed, which would remove their file) until exit. */
    private final List<Channel> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * Completes when this process has stopped on its own: with what its handoff to a successor did, or with null
     * after a drain asked for over the handoff socket.
     */
    private final java.util.concurrent.CompletableFuture<HandoffGiver.HandoffReport> stopped =
            new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SwitchboardServer(ProxyContext context, EventLoopGroup boss, EventLoopGroup workers) {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
        // SHUTDOWN WAIT_FOR_SERVERS / WAIT_FOR_CLIENTS: no new connection while the process waits to exit.
        context.acceptingStopped().thenRun(() -> listeners.forEach(l -> l.channel().close()));
    }

    /** Binds the configured address (port 0 picks a free port) and starts serving. */
    public static SwitchboardServer start(SwitchboardConfig config) throws InterruptedException, IOException {
        Transport transport = Transport.detect();
        EventLoopGroup boss = transport.newGroup(1);
        EventLoopGroup workers = transport.newGroup(WorkerLoops.count());
        SwitchboardServer server = new SwitchboardServer(new ProxyContext(config, transport, workers), boss, workers);
        try {
            // Clients are accepted once every node was read (or found down): routing needs a first picture.
            server.context.topologies().start(FIRST_READINGS);
            server.bind();
            server.startMaintenance();
            if (config.http() != null) {
                try {
                    server.admin = AdminServer.start(config.http(), server.context.adminView());
                } catch (IOException e) {
                    // The clients are here now: losing the HTTP listener is better than losing them.
                    log.error("{}: serving clients without the HTTP listener (no /metrics, no health checks) "
                            + "until the next restart or upgrade", e.getMessage());
                }
            }
            server.listenForSuccessors();
        } catch (InterruptedException | IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Takes over from the Switchboard running with the same configuration: its listening sockets, then its
     * clients at rest, over the handoff socket ({@code listen.handoff_socket}). Binds nothing of its own for
     * clients; throws, having changed nothing in the running process, when none answers there.
     */
    public static SwitchboardServer takeOver(SwitchboardConfig config) throws InterruptedException, IOException {
        Path path = config.listen().handoffSocketPath();
        if (path == null) {
            throw new IOException("listen.port is 0 and listen.handoff_socket is not set: no handoff socket to take "
                    + "over from");
        }
        Transport transport = Transport.detect();
        if (!transport.supportsUnixSockets()) {
            throw new IOException("a handoff needs the native epoll transport, which is not available here");
        }
        EventLoopGroup boss = transport.newGroup(1);
        EventLoopGroup workers = transport.newGroup(WorkerLoops.count());
        SwitchboardServer server = new SwitchboardServer(new ProxyContext(config, transport, workers), boss, workers);
        try {
            dev.switchboard.proxy.admin.HttpPortCheck.beforeTakeOver(config.http());
            server.context.topologies().start(FIRST_READINGS);
            long started = System.nanoTime();
            HandoffAdopter adopter = new HandoffAdopter(server.context, workers, server::adoptListener);
            HandoffTaker taker = HandoffTaker.connect(path, boss.next(), adopter);
            HandoffTaker.Ended ended;
            try {
                ended = taker.done().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (server.listeners.isEmpty()) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
                log.warn("the handoff ended early ({}); serving what was taken over", e.getCause().getMessage());
                ended = new HandoffTaker.Ended(-1, -1);
            }
            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
            dev.switchboard.proxy.handoff.HandoffMeters.taken(server.context.meters(), Math.max(0, ended.moved()),
                    adopter.serversPooled(), Math.max(0, ended.staying()), took);
            server.context.recentEvents().handoff("took over", Math.max(0, ended.moved()), adopter.serversPooled(),
                    Math.max(0, ended.staying()), took);
            log.info("took over from the running process (this is pid {}): listening on {}:{}{}, {} clients moved "
                    + "here, {} stay there to be drained", ProcessHandle.current().pid(), config.listen().address(),
                    server.port(),
                    server.unixSocket == null ? "" : " and " + server.unixSocket, ended.moved(), ended.staying());
            server.startMaintenance();
            if (config.http() != null) {
                server.admin = AdminServer.start(config.http(), server.context.adminView());
            }
            server.listenForSuccessors();
        } catch (InterruptedException | IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A listening socket of the predecessor, accepted on from now on. */
    private void adoptListener(String kind, io.netty.channel.unix.FileDescriptor fd) {
        boolean tcp = kind.equals("tcp");
        ServerBootstrap adopted = bootstrap().channelFactory(() -> tcp
                ? new io.netty.channel.epoll.EpollServerSocketChannel(fd.intValue())
                : new io.netty.channel.epoll.EpollServerDomainSocketChannel(fd.intValue()));
        if (tcp) {
            adopted.childOption(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR); // TCP_NODELAY is Netty's default
        }
        Channel channel = adopted.register().syncUninterruptibly().channel();
        listeners.add(tcp ? HandoffGiver.Listener.tcp(channel) : HandoffGiver.Listener.unix(channel));
        if (!tcp) {
            unixSocket = context.config().listen().unixSocketPath();
        }
    }

    /** Listens on the handoff socket, so that a successor can take this process's clients over. */
    private void listenForSuccessors() {
        Path path = context.config().listen().handoffSocketPath();
        if (path == null || !context.transport().supportsUnixSockets()) {
            return;
        }
        try {
            giver = HandoffGiver.listen(path, new HandoffGiver.Owner() {
                @Override
                public List<HandoffGiver.Listener> listeners() {
                    return List.copyOf(listeners);
                }

                @Override
                public void listenersHandedOver() {
                    listenersHandedOver = true;
                    // The sockets are the successor's now. A Unix listener is only taken off this process's loop:
                    // closing it would remove its file, which the successor listens on; this process's copy closes
                    // with the process.
                    for (HandoffGiver.Listener listener : listeners) {
                        if (listener.channel() instanceof io.netty.channel.unix.ServerDomainSocketChannel) {
                            listener.channel().deregister().awaitUninterruptibly();
                            handedOver.add(listener.channel());
                        } else {
                            listener.channel().close().awaitUninterruptibly();
                        }
                    }
                    listeners.clear();
                }

                @Override
                public java.util.Set<dev.switchboard.proxy.handoff.Movable> clients() {
                    return context.movableClients();
                }

                @Override
                public int clientsLeft() {
                    return context.drain().clients();
                }

                @Override
                public List<dev.switchboard.proxy.handoff.PoolAnnouncement> pools() {
                    List<dev.switchboard.proxy.handoff.PoolAnnouncement> out = new ArrayList<>();
                    context.pools().pools().forEach(pool -> announce(pool, true, out));
                    context.multiplexedPools().pools().forEach(pool -> announce(pool, false, out));
                    return out;
                }

                @Override
                public List<HandoffGiver.Surrendered> surrenderIdleServers() {
                    List<HandoffGiver.Surrendered> out = new ArrayList<>();
                    context.pools().pools().forEach(pool -> surrender(pool, true, out));
                    context.multiplexedPools().pools().forEach(pool -> surrender(pool, false, out));
                    return out;
                }

                @Override
                public java.time.Duration bound() {
                    return context.config().limits().drainGrace();
                }

                @Override
                public void releaseSharedPorts() {
                    if (admin != null) {
                        admin.close(); // the successor binds the same HTTP port
                        admin = null;
                    }
                }

                @Override
                public java.util.concurrent.CompletionStage<Void> drainRequested() {
                    java.util.concurrent.CompletableFuture<Void> notAccepting =
                            new java.util.concurrent.CompletableFuture<>();
                    Thread drain = new Thread(() -> {
                        closeListeners();
                        notAccepting.complete(null);
                        shutdownGracefully();
                        stopped.complete(null);
                    }, "sb-drain");
                    drain.setDaemon(true);
                    drain.start();
                    return notAccepting;
                }

                @Override
                public void handedOver(HandoffGiver.HandoffReport report) {
                    dev.switchboard.proxy.handoff.HandoffMeters.given(context.meters(), report);
                    context.recentEvents().handoff("handed over", report.moved(), report.serversMoved(),
                            report.staying(), report.took());
                    releaseSharedPorts();
                    shutdownGracefully();
                    stopped.complete(report);
                }
            }, boss);
        } catch (IOException | InterruptedException | RuntimeException e) {
            log.warn("no handoff socket at {} ({}): this process cannot be taken over by a successor", path,
                    e.toString());
        }
    }

    /**
     * The idle servers of {@code pool}, out of it and no longer read, described for a successor; a TLS connection
     * (its keys stay here) or one that listens is closed instead.
     */
    private static void announce(dev.switchboard.pooling.Pool<dev.switchboard.proxy.backend.ServerConn> pool,
                                 boolean sessionPool, List<dev.switchboard.proxy.handoff.PoolAnnouncement> out) {
        // A session pool's busy connections belong to sessions that stay (and are drained): only its idle ones come.
        int connections = sessionPool ? pool.idleCount() : pool.totalCount();
        if (connections > 0) {
            dev.switchboard.pooling.PoolKey key = pool.key();
            out.add(new dev.switchboard.proxy.handoff.PoolAnnouncement(key.node(), key.database(), key.user(),
                    sessionPool, connections));
        }
    }

    private static void surrender(dev.switchboard.pooling.Pool<dev.switchboard.proxy.backend.ServerConn> pool,
                                  boolean sessionPool, List<HandoffGiver.Surrendered> out) {
        dev.switchboard.pooling.PoolKey key = pool.key();
        for (dev.switchboard.proxy.backend.ServerConn server : pool.surrenderIdle()) {
            if (server.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null || server.listening()
                    || !server.isUsable()) {
                server.close();
                continue;
            }
            server.channel().config().setAutoRead(false);
            out.add(new HandoffGiver.Surrendered(dev.switchboard.proxy.handoff.MovedServer.of(server, key, sessionPool),
                    server.channel()));
        }
    }

    /** Completes once this process stopped by itself, having handed its clients to a successor. */
    public java.util.concurrent.CompletableFuture<HandoffGiver.HandoffReport> stopped() {
        return stopped;
    }

    private void bind() throws InterruptedException, IOException {
        SwitchboardConfig config = context.config();
        // No TCP_NODELAY child option: Netty's socket channels set it when they are made, and asking again would
        // cost each accepted connection one more system call.
        ServerBootstrap tcp = bootstrap().channel(context.transport().serverChannel())
                .childOption(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR);
        if (config.listen().reusePort()) {
            if (!context.transport().supportsUnixSockets()) {
                throw new IOException("listen.reuse_port needs the native epoll transport, which is not available here");
            }
            tcp.option(io.netty.channel.epoll.EpollChannelOption.SO_REUSEPORT, true);
        }
        listeners.add(HandoffGiver.Listener.tcp(
                tcp.bind(new InetSocketAddress(config.listen().address(), config.listen().port())).sync().channel()));
        Path dir = config.listen().unixSocketDir();
        if (dir != null) {
            if (!context.transport().supportsUnixSockets()) {
                throw new IOException("listen.unix_socket_dir is set but Unix sockets need the native epoll transport, "
                        + "which is not available here");
            }
            unixSocket = dir.resolve(".s.PGSQL." + port());
            Files.deleteIfExists(unixSocket);
            listeners.add(HandoffGiver.Listener.unix(bootstrap().channel(context.transport().domainServerChannel())
                    .bind(new DomainSocketAddress(unixSocket.toFile())).sync().channel()));
        }
        log.info("Switchboard listening on {}:{}{} ({} transport)", config.listen().address(), port(),
                unixSocket == null ? "" : " and " + unixSocket, context.transport().name());
    }

    private void startMaintenance() {
        workers.scheduleAtFixedRate(() -> {
            context.pools().runMaintenance();
            context.multiplexedPools().runMaintenance();
        }, 1, 1, TimeUnit.SECONDS);
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap()
                .group(boss, workers)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // First, nearest the socket: every write of the other handlers passes through it.
                        ch.pipeline().addLast(ContiguousWrites.NAME, new ContiguousWrites());
                        ch.pipeline().addLast("lifecycle", new ClientLifecycle(context));
                        ch.pipeline().addLast("startup-decoder", new StartupDecoder());
                        ch.pipeline().addLast("startup", new ClientStartupHandler(context));
                    }
                });
    }

    /** The TCP port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).channel().localAddress()).getPort();
    }

    public ProxyContext context() {
        return context;
    }

    /** The admin HTTP port actually bound; -1 without an {@code http} section. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /**
     * A graceful stop: no new connections; every client is drained (told to reconnect at its next idle point, closed
     * with FATAL 57P01 once {@code limits.drain_grace} is over and it is idle), then everything closes. Clients still
     * inside a transaction a few seconds after the grace lose their connection with the rest.
     */
    public void shutdownGracefully() {
        closeListeners();
        java.time.Duration grace = context.config().limits().drainGrace();
        context.drain().start(grace);
        long deadline = System.nanoTime() + grace.plus(LAST_TRANSACTIONS).toNanos();
        while (context.drain().clients() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (context.drain().clients() > 0) {
            log.info("closing {} client connections still busy after the drain", context.drain().clients());
        }
        close();
    }

    /**
     * Closes every listener and waits until each is closed. With {@code SO_REUSEPORT} siblings, the kernel sends
     * every connection made afterwards to them; one still queued on a closing listener is reset.
     */
    private void closeListeners() {
        listeners.forEach(l -> l.channel().close().awaitUninterruptibly());
    }

    /** After the drain's grace, how long clients inside a transaction have to reach its end. */
    private static final java.time.Duration LAST_TRANSACTIONS = java.time.Duration.ofSeconds(5);

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // after a graceful stop, the owner's close finds everything closed
        }
        if (giver != null) {
            giver.close();
        }
        if (admin != null) {
            admin.close();
        }
        closeListeners();
        context.close();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        if (unixSocket != null && !listenersHandedOver) {
            try {
                Files.deleteIfExists(unixSocket);
            } catch (IOException e) {
                log.warn("could not remove {}: {}", unixSocket, e.toString());
            }
        }
    }
}
