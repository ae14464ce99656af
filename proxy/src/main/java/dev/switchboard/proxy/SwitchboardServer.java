// SwitchboardServer: a running proxy — listening sockets, event loops, pools and their maintenance.
package dev.switchboard.proxy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.protocol.startup.StartupDecoder;
import dev.switchboard.proxy.admin.AdminServer;
import dev.switchboard.proxy.frontend.ClientLifecycle;
import dev.switchboard.proxy.frontend.ClientStartupHandler;
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
    private final List<Channel> listeners = new ArrayList<>();
    private Path unixSocket;
    private AdminServer admin;

    private SwitchboardServer(ProxyContext context, EventLoopGroup boss, EventLoopGroup workers) {
        this.context = context;
        this.boss = boss;
        this.workers = workers;
    }

    /** Binds the configured address (port 0 picks a free port) and starts serving. */
    public static SwitchboardServer start(SwitchboardConfig config) throws InterruptedException, IOException {
        Transport transport = Transport.detect();
        EventLoopGroup boss = transport.newGroup(1);
        EventLoopGroup workers = transport.newGroup(Integer.getInteger("switchboard.threads",
                Runtime.getRuntime().availableProcessors()));
        SwitchboardServer server = new SwitchboardServer(new ProxyContext(config, transport, workers), boss, workers);
        try {
            // Clients are accepted once every node was read (or found down): routing needs a first picture.
            server.context.topologies().start(FIRST_READINGS);
            server.bind();
            if (config.http() != null) {
                server.admin = AdminServer.start(config.http(), server.context.adminView());
            }
        } catch (InterruptedException | IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() throws InterruptedException, IOException {
        SwitchboardConfig config = context.config();
        ServerBootstrap tcp = bootstrap().channel(context.transport().serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, Buffers.ALLOCATOR);
        listeners.add(tcp.bind(new InetSocketAddress(config.listen().address(), config.listen().port())).sync().channel());
        Path dir = config.listen().unixSocketDir();
        if (dir != null) {
            if (!context.transport().supportsUnixSockets()) {
                throw new IOException("listen.unix_socket_dir is set but Unix sockets need the native epoll transport, "
                        + "which is not available here");
            }
            unixSocket = dir.resolve(".s.PGSQL." + port());
            Files.deleteIfExists(unixSocket);
            listeners.add(bootstrap().channel(context.transport().domainServerChannel())
                    .bind(new DomainSocketAddress(unixSocket.toFile())).sync().channel());
        }
        workers.scheduleAtFixedRate(() -> {
            context.pools().runMaintenance();
            context.multiplexedPools().runMaintenance();
        }, 1, 1, TimeUnit.SECONDS);
        log.info("Switchboard listening on {}:{}{} ({} transport)", config.listen().address(), port(),
                unixSocket == null ? "" : " and " + unixSocket, context.transport().name());
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap()
                .group(boss, workers)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("lifecycle", new ClientLifecycle(context));
                        ch.pipeline().addLast("startup-decoder", new StartupDecoder());
                        ch.pipeline().addLast("startup", new ClientStartupHandler(context));
                    }
                });
    }

    /** The TCP port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    public ProxyContext context() {
        return context;
    }

    /** The admin HTTP port actually bound; -1 without an {@code http} section. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        listeners.forEach(ch -> ch.close().awaitUninterruptibly());
        context.close();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        if (unixSocket != null) {
            try {
                Files.deleteIfExists(unixSocket);
            } catch (IOException e) {
                log.warn("could not remove {}: {}", unixSocket, e.toString());
            }
        }
    }
}
