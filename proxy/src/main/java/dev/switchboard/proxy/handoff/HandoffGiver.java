// HandoffGiver: the running process's side of a handoff — listens for a successor and gives it sockets and clients.
package dev.switchboard.proxy.handoff;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the handoff socket. A successor process of the same user connects twice (records, sockets); then the
 * listening sockets go first, so that no connection attempt is refused at any moment, and this process stops
 * accepting. Then every client at rest moves, with its state; busy clients move when their transaction ends, until
 * the bound ({@code limits.drain_grace}) is over; a session-mode client moves together with its server. What stays
 * (TLS clients, clients on the Unix socket, transaction-mode clients that listen, clients still busy) is drained by
 * the owner afterwards.
 *
 * <p>Bad input on this socket (another user, garbage, a second successor while one is taking over) is refused with
 * a log line; the running proxy goes on serving.
 */
public final class HandoffGiver implements AutoCloseable, ClientMover {
    private static final Logger log = LoggerFactory.getLogger(HandoffGiver.class);
    /** How often clients not yet at rest are asked again. */
    private static final long ASK_AGAIN_MILLIS = 20;
    /** How long the successor may take to read up to the end record and close the handoff connections. */
    private static final long END_READ_TIMEOUT_SECONDS = 30;

    /** A listening socket to hand over and what it is. */
    public record Listener(Channel channel, String kind) {
        public static Listener tcp(Channel channel) {
            return new Listener(channel, HandoffRecords.TCP);
        }

        public static Listener unix(Channel channel) {
            return new Listener(channel, HandoffRecords.UNIX);
        }
    }

    /** What the giver asks of the running proxy. */
    public interface Owner {
        List<Listener> listeners();

        /** The listeners are the successor's now: close this process's copies (the sockets stay open there). */
        void listenersHandedOver();

        /** The sessions that may move (a live view). */
        Set<Movable> clients();

        /** Every client session still served here, movable or not. */
        int clientsLeft();

        /** Every pool with connections, and how many: the successor keeps room for them. */
        List<PoolAnnouncement> pools();

        /**
         * Takes the idle server connections out of their pools (not reading any more), for the successor; those
         * that cannot move (TLS) the owner closes itself.
         */
        List<Surrendered> surrenderIdleServers();

        /** How long busy clients may take to reach the end of their transaction. */
        Duration bound();

        /** Just before the end is announced: let go of what the successor binds next (the HTTP port). */
        void releaseSharedPorts();

        /**
         * Asked over the handoff socket (switchboard drain): stop accepting and drain every client, so that they
         * go to the instance's siblings; the process stops once they are gone. Completes once the listeners are
         * closed, so that every connection made after the answer reaches a sibling.
         */
        java.util.concurrent.CompletionStage<Void> drainRequested();

        /** The handoff is over: the rest of this process's clients are to be drained. */
        void handedOver(HandoffReport report);
    }

    /** An idle server connection out of its pool, on its way to the successor. */
    public record Surrendered(MovedServer state, Channel channel) {
    }

    /** What a handoff did, for logs and metrics. */
    public record HandoffReport(int moved, int staying, int serversMoved, Duration took) {
    }

    private final Path path;
    private final Owner owner;
    private final Channel server;
    private final AtomicInteger moved = new AtomicInteger();
    private final AtomicInteger serversMoved = new AtomicInteger();
    private GiverPhase phase = GiverPhase.SERVING;
    /** Confined to the handoff's loop, where both connections of the successor live. */
    private final SocketWindow window = new SocketWindow(HandoffRecords.WINDOW);
    private Channel records;
    private Channel sockets;

    private HandoffGiver(Path path, Owner owner, EventLoopGroup loop) throws InterruptedException, IOException {
        this.path = path;
        this.owner = owner;
        Files.deleteIfExists(path); // a socket file left by a process that is gone; a live one took over from it
        this.server = new ServerBootstrap().group(loop, loop) // one loop: records and sockets keep their order
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        ch.pipeline().addLast(HandoffRecords.framer(), new Peer());
                    }
                })
                .bind(new DomainSocketAddress(path.toFile())).sync().channel();
        log.info("successors take over from the handoff socket {}", path);
    }

    /** Listens on {@code path}; {@code loop} should have one thread. */
    public static HandoffGiver listen(Path path, Owner owner, EventLoopGroup loop) throws InterruptedException, IOException {
        return new HandoffGiver(path, owner, loop);
    }

    private synchronized void moveTo(GiverPhase next) {
        phase = phase.moveTo(next);
    }

    /** One connection of a would-be successor. */
    private final class Peer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws IOException {
            int uid = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials().uid();
            int ours = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (uid != ours) {
                refuse(ctx, "a process of user id " + uid + " connected; only user id " + ours + " may take over");
                return;
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf record = (ByteBuf) msg;
            try {
                byte kind = record.readByte();
                if (kind == HandoffRecords.ACK && ctx.channel() == records) {
                    window.acknowledged(record.readLong());
                    return;
                }
                if (kind != HandoffRecords.HELLO) {
                    throw new HandoffException("a record of kind '" + (char) kind + "' from the successor");
                }
                hello(ctx.channel(), HandoffRecords.readHello(record));
            } catch (HandoffException | IndexOutOfBoundsException e) {
                refuse(ctx, e.getMessage());
            } finally {
                record.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == records || ctx.channel() == sockets) {
                window.closed();
            }
            synchronized (HandoffGiver.this) {
                if (phase == GiverPhase.TAKER_CONNECTING && (ctx.channel() == records || ctx.channel() == sockets)) {
                    log.warn("the successor left before the handoff began; this process goes on serving");
                    records = null;
                    sockets = null;
                    moveTo(GiverPhase.SERVING);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            refuse(ctx, cause.toString());
        }

        private void refuse(ChannelHandlerContext ctx, String why) {
            log.warn("handoff socket: refused {}: {}", ctx.channel().remoteAddress(), why);
            ctx.close();
        }
    }

    private void hello(Channel peer, byte role) {
        if (role == HandoffRecords.ROLE_DRAIN) {
            log.info("asked over the handoff socket to drain: no new connections, clients are asked to leave");
            // The asker waits for the close: answered only when no listener of this process can take a connection.
            owner.drainRequested().whenComplete((ignored, failure) -> peer.close());
            return;
        }
        synchronized (this) {
            if (phase == GiverPhase.HANDING_OVER || phase == GiverPhase.HANDED_OVER) {
                throw new HandoffException("a second successor while one is taking over");
            }
            if (phase == GiverPhase.SERVING) {
                moveTo(GiverPhase.TAKER_CONNECTING);
            }
            if (role == HandoffRecords.ROLE_RECORDS) {
                if (records != null) {
                    throw new HandoffException("a second records connection");
                }
                records = peer;
            } else {
                if (sockets != null) {
                    throw new HandoffException("a second sockets connection");
                }
                sockets = peer;
            }
            if (records == null || sockets == null) {
                return;
            }
            moveTo(GiverPhase.HANDING_OVER);
        }
        Thread handover = new Thread(this::handOver, "sb-handoff");
        handover.setDaemon(true);
        handover.start();
    }

    private void handOver() {
        long started = System.nanoTime();
        log.info("a successor is taking over: handing over the listening sockets");
        int staying;
        boolean listenersGiven = false;
        try {
            records.writeAndFlush(HandoffRecords.names(records.alloc(),
                    dev.switchboard.proxy.prepared.StatementRegistry.lastNameNumber())).sync();
            for (PoolAnnouncement pool : owner.pools()) {
                records.writeAndFlush(HandoffRecords.pool(records.alloc(), pool)).sync();
            }
            for (Listener listener : owner.listeners()) {
                inTurn(1, () -> {
                    records.writeAndFlush(HandoffRecords.listener(records.alloc(), listener.kind()));
                    return sockets.writeAndFlush(fd(listener.channel()));
                }).sync();
            }
            owner.listenersHandedOver();
            listenersGiven = true;
            log.info("the successor accepts new connections now; moving clients at rest");
            long deadline = started + owner.bound().toNanos();
            for (;;) {
                List<Movable> waiting = owner.clients().stream().filter(Movable::canMove).toList();
                // Servers first: the clients that move next find them in their new pools.
                owner.surrenderIdleServers().forEach(this::moveServer);
                if (waiting.isEmpty() || System.nanoTime() - deadline > 0 || !records.isActive()) {
                    break;
                }
                waiting.forEach(client -> client.handOff(this));
                Thread.sleep(ASK_AGAIN_MILLIS);
            }
            staying = owner.clientsLeft();
            logWhyStaying();
            owner.releaseSharedPorts();
            int stayingNow = staying;
            // After every client and server still waiting for room: the end must be the last record.
            inTurn(0, () -> records.writeAndFlush(HandoffRecords.end(records.alloc(), moved.get(), stayingNow))).sync();
            // The successor closes both connections once it has read up to the end. Closing first would be wrong:
            // a Unix socket closed with unread data in it (the successor's last acknowledgements) resets its peer,
            // which then loses the records and sockets it had not read yet.
            if (!records.closeFuture().await(END_READ_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("the successor did not close the handoff connection within {} s of the end",
                        END_READ_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            staying = owner.clientsLeft();
        } catch (Exception e) { // a failed write's cause, checked or not (Netty rethrows it as it is)
            log.warn("the handoff failed: {}", e.toString());
            staying = owner.clientsLeft();
        }
        if (!listenersGiven) {
            // The successor went away before it had the listeners: nothing moved, this process goes on serving.
            synchronized (this) {
                records.close();
                sockets.close();
                records = null;
                sockets = null;
                moveTo(GiverPhase.SERVING);
            }
            log.warn("the successor went away before it took the listening sockets; this process goes on serving");
            return;
        }
        moveTo(GiverPhase.HANDED_OVER);
        HandoffReport report = new HandoffReport(moved.get(), staying, serversMoved.get(),
                Duration.ofNanos(System.nanoTime() - started));
        log.info("handoff done in {} ms: {} clients moved, {} stay to be drained; {} server connections moved",
                report.took().toMillis(), report.moved(), report.staying(), report.serversMoved());
        owner.handedOver(report);
    }

    /** One line: how many clients stay, by reason (they are drained next). */
    private void logWhyStaying() throws InterruptedException {
        java.util.Map<String, Integer> reasons = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(owner.clients().size());
        owner.clients().forEach(client -> client.whyStaying(reason -> {
            reasons.merge(reason, 1, Integer::sum);
            told.countDown();
        }));
        told.await(1, java.util.concurrent.TimeUnit.SECONDS);
        if (!reasons.isEmpty()) {
            log.info("clients staying to be drained, by reason: {}", reasons);
        }
    }

    /** Runs {@code write} on the handoff's loop in its turn in the window; the future completes with its write. */
    private io.netty.channel.ChannelFuture inTurn(int sockets,
                                                  java.util.function.Supplier<io.netty.channel.ChannelFuture> write) {
        io.netty.channel.ChannelPromise done = records.newPromise();
        records.eventLoop().execute(() -> window.submit(sockets, () -> write.get().addListener(f -> {
            if (f.isSuccess()) {
                done.setSuccess();
            } else {
                done.setFailure(f.cause());
            }
        })));
        return done;
    }

    @Override
    public void move(MovedClient state, Channel client, Runnable sent, Runnable failed) {
        send(HandoffRecords.client(records.alloc(), state), List.of(client), client, sent, failed);
    }

    @Override
    public void moveSession(MovedClient state, Channel client, MovedServer serverState, Channel server, Runnable sent,
                            Runnable failed) {
        send(HandoffRecords.session(records.alloc(), new MovedSession(state, serverState)), List.of(client, server),
                client, sent, failed);
    }

    /**
     * Sends a client's record and its sockets; {@code sent} or {@code failed} runs on the client's loop. A socket
     * that could not be sent ends the handoff: the successor would pair the next socket with this record.
     */
    private void send(ByteBuf record, List<Channel> channels, Channel client, Runnable sent, Runnable failed) {
        Channel to = records;
        to.eventLoop().execute(() -> window.submit(channels.size(), () -> {
            if (!to.isActive() || !sockets.isActive()) {
                record.release();
                client.eventLoop().execute(failed);
                return;
            }
            to.writeAndFlush(record);
            io.netty.channel.ChannelFuture last = null;
            for (Channel channel : channels) {
                last = sockets.writeAndFlush(fd(channel));
            }
            last.addListener(f -> {
                if (f.isSuccess()) {
                    moved.incrementAndGet();
                    if (channels.size() > 1) {
                        serversMoved.incrementAndGet();
                    }
                    client.eventLoop().execute(sent);
                } else {
                    log.warn("could not send a client's socket to the successor: {}", rootCause(f.cause()));
                    to.close();
                    sockets.close();
                    client.eventLoop().execute(failed);
                }
            });
        }));
    }

    /** Sends an idle server connection; this process's copy of its socket is closed once it is on its way. */
    private void moveServer(Surrendered server) {
        Channel to = records;
        to.eventLoop().execute(() -> window.submit(1, () -> {
            if (!to.isActive() || !sockets.isActive()) {
                server.channel().close();
                return;
            }
            to.writeAndFlush(HandoffRecords.server(to.alloc(), server.state()));
            sockets.writeAndFlush(fd(server.channel())).addListener(f -> {
                if (f.isSuccess()) {
                    serversMoved.incrementAndGet();
                } else {
                    log.warn("could not send a server connection to the successor: {}", rootCause(f.cause()));
                    to.close();
                    sockets.close();
                }
                server.channel().close();
            });
        }));
    }

    /** What the system said, under Netty's wrappers (an output shutdown carries the write's error). */
    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? error.toString() : error + " (" + root + ")";
    }

    private static FileDescriptor fd(Channel channel) {
        return ((UnixChannel) channel).fd();
    }

    /**
     * The handoff socket's file, once a successor has it, is the successor's: this socket is then only taken off the
     * loop (closing it would remove the file the successor listens on) and closes with the process.
     */
    @Override
    public void close() {
        boolean handedOver;
        synchronized (this) {
            handedOver = phase == GiverPhase.HANDED_OVER;
        }
        if (handedOver) {
            server.deregister().awaitUninterruptibly();
        } else {
            server.close().awaitUninterruptibly(); // removes the file
        }
    }
}
