// BackendConnector: opens and authenticates new connections to one PostgreSQL node for one pool.
package dev.switchboard.proxy.backend;

import dev.switchboard.config.TlsConfig;
import dev.switchboard.pooling.ServerConnector;
import dev.switchboard.protocol.auth.ChannelBinding;
import dev.switchboard.protocol.auth.ClientLogin;
import dev.switchboard.proxy.auth.ScramPassthrough;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.Transport;
import dev.switchboard.proxy.tls.ServerTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Connects to one node as one user to one database; every connection is authenticated and idle when handed out. */
public final class BackendConnector implements ServerConnector<ServerConn> {
    private static final AtomicLong IDS = new AtomicLong();

    /**
     * Where and as whom to connect. Without a password, SCRAM keys a client proved for {@code user} are used
     * when {@code passthrough} has them (null: none are kept).
     */
    public record Target(String host, int port, String database, String user, String password,
                         ScramPassthrough passthrough) {
        public Target(String host, int port, String database, String user, String password) {
            this(host, port, database, user, password, null);
        }

        public String node() {
            return host + ":" + port;
        }

        /** The login for a new connection: the password, else the kept SCRAM keys, else none (trust). */
        ClientLogin login() {
            ScramPassthrough.Keys keys = password == null && passthrough != null ? passthrough.keysFor(user) : null;
            return keys != null ? ClientLogin.withScramKeys(user, keys.clientKey(), keys.serverKey())
                    : new ClientLogin(user, password);
        }
    }

    private final Transport transport;
    private final EventLoopGroup group;
    private final Target target;
    private final Duration connectTimeout;
    private final int maxMessageSize;
    private final ServerTls tls;

    /** A connector that never asks for TLS. */
    public BackendConnector(Transport transport, EventLoopGroup group, Target target, Duration connectTimeout,
                            int maxMessageSize) {
        this(transport, group, target, connectTimeout, maxMessageSize, ServerTls.disabled());
    }

    public BackendConnector(Transport transport, EventLoopGroup group, Target target, Duration connectTimeout,
                            int maxMessageSize, ServerTls tls) {
        this.transport = transport;
        this.group = group;
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.maxMessageSize = maxMessageSize;
        this.tls = tls;
    }

    @Override
    public CompletableFuture<ServerConn> connect() {
        CompletableFuture<ServerConn> result = new CompletableFuture<>();
        String name = "s" + IDS.incrementAndGet() + "@" + target.node();
        SocketAddress address = Transport.nodeAddress(target.host(), target.port());
        Bootstrap bootstrap;
        try {
            bootstrap = new Bootstrap().group(currentLoopOrNext()).channel(transport.channelTo(address));
        } catch (IllegalStateException e) {
            result.completeExceptionally(cannotConnect(e.getMessage()));
            return result;
        }
        if (address instanceof InetSocketAddress) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        bootstrap.option(ChannelOption.ALLOCATOR, dev.switchboard.proxy.Buffers.ALLOCATOR)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ServerConn server = new ServerConn(ch, target.node(), name);
                        BackendStartup startup = new BackendStartup(target.database(), target.user(),
                                target.login(), result);
                        server.listen(startup);
                        ServerHandler.install(ch, server, maxMessageSize);
                    }
                });
        ChannelFuture connected = bootstrap.connect(address);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(cannotConnect(f.cause().getMessage()));
                return;
            }
            Channel ch = connected.channel();
            ServerConn server = ch.attr(ServerAttributes.CONN).get();
            TlsConfig.ServerMode mode = tls.modeFor(target.host());
            CompletableFuture<Void> secured = mode == TlsConfig.ServerMode.DISABLE
                    ? CompletableFuture.completedFuture(null)
                    : ServerTlsRequest.start(ch, tls, mode, target.host(), target.port());
            secured.whenComplete((ok, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else if (!result.isDone()) {
                    BackendStartup startup = (BackendStartup) server.listener();
                    ChannelBinding binding = ServerTlsRequest.bindingOf(ch);
                    if (binding != null) {
                        startup.tls(binding);
                    }
                    startup.sendStartup(server);
                }
            });
            if (connectTimeout.isZero()) {
                return; // 0 means no limit
            }
            ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
                if (result.completeExceptionally(new BackendStartupException(ErrorResponse.fatal("08006",
                        "server " + target.node() + " did not complete startup within " + connectTimeout.toMillis()
                                + " ms")))) {
                    ch.close();
                }
            }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((s, e) -> timeout.cancel(false));
        });
        return result;
    }

    private BackendStartupException cannotConnect(String why) {
        return new BackendStartupException(ErrorResponse.fatal("08006",
                "could not connect to server " + target.node() + ": " + why));
    }

    /** Prefer the caller's own event loop, so a session and its server usually share a thread. */
    private EventLoop currentLoopOrNext() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return (EventLoop) executor;
            }
        }
        return group.next();
    }

    public Target target() {
        return target;
    }
}
