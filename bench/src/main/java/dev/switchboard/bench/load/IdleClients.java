// IdleClients: a Netty load generator that opens many authenticated PostgreSQL connections and holds them idle.
package dev.switchboard.bench.load;

import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code count} client connections, each through startup and authentication up to ReadyForQuery, then
 * left idle: what the bench uses to measure a pooler's memory per idle client. At most
 * {@value #MAX_IN_FLIGHT} connections are being set up at once, so a 10,000-client run does not flood the
 * listener's accept backlog. Each connection costs one file descriptor here (plus one in the proxy when it
 * runs in this JVM).
 */
public final class IdleClients implements AutoCloseable {

    /** Connections being set up at once. */
    public static final int MAX_IN_FLIGHT = 200;
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup("idle-clients", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();

    private IdleClients(EventLoopGroup group) {
        this.group = group;
    }

    /** {@link #open(String, int, String, String, String, int, Duration)} with a timeout fitted to {@code count}. */
    public static IdleClients open(String host, int port, String user, String password, String database, int count) {
        return open(host, port, user, password, database, count, Duration.ofSeconds(60 + count / 50L));
    }

    /**
     * Opens {@code count} connections to {@code host:port} as {@code user} on {@code database} and returns
     * once every one of them has received ReadyForQuery.
     *
     * @throws IllegalStateException when not all were open within {@code timeout} or any failed; the message
     *                               says how many opened and tallies the failures by reason. Whatever was
     *                               opened is closed again before it is thrown.
     */
    public static IdleClients open(String host, int port, String user, String password, String database,
                                   int count, Duration timeout) {
        if (count < 0) {
            throw new IllegalArgumentException("idle client count must be >= 0, got " + count);
        }
        IdleClients clients = new IdleClients(new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()));
        try {
            clients.connectAll(host, port, user, password, database, count, timeout);
            return clients;
        } catch (RuntimeException | Error e) {
            clients.close();
            throw e;
        }
    }

    private void connectAll(String host, int port, String user, String password, String database, int count,
                            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        OpenFailures failures = new OpenFailures();
        AtomicInteger settled = new AtomicInteger();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 30_000));
        int started = 0;
        try {
            for (; started < count && failures.total() == 0; started++) {
                if (!inFlight.tryAcquire(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
                    break;
                }
                // Immediate: listeners run on the connection's event loop, ordered with its close listener.
                Promise<Void> ready = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
                ready.addListener(f -> {
                    if (f.isSuccess()) {
                        open.incrementAndGet();
                    } else {
                        failures.add(f.cause());
                    }
                    settled.incrementAndGet();
                    inFlight.release();
                });
                ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(FrameLimits.backendDefaults(MAX_FRAME)),
                                new IdleClientHandler(user, password, database, ready));
                    }
                }).connect(host, port);
                Channel ch = connect.channel();
                channels.add(ch);
                connect.addListener(f -> {
                    if (!f.isSuccess()) {
                        ready.tryFailure(f.cause());
                    }
                });
                // A connection lost after it was counted as open no longer counts.
                ch.closeFuture().addListener(f -> {
                    if (ready.isSuccess()) {
                        open.decrementAndGet();
                    }
                });
            }
            // Wait for the last ones in flight: all permits back means every started attempt settled.
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening idle clients to " + host + ":" + port
                    + " (" + open.get() + " of " + count + " open)", e);
        }
        int opened = open.get();
        if (opened < count || failures.total() > 0) {
            String why = failures.total() > 0 ? failures.summary()
                    : "timed out after " + timeout.toSeconds() + "s with " + (started - settled.get())
                    + " still connecting and " + (count - started) + " not started";
            throw new IllegalStateException("opened " + opened + " of " + count + " idle clients to " + host
                    + ":" + port + " as user " + user + " on database " + database + "; " + why);
        }
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Connections that completed startup and are still open. */
    public int openCount() {
        return open.get();
    }

    /** Closes every connection (sending nothing: the proxy sees the socket close) and waits until they are. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly(30, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS);
    }
}
