// HandoffTaker: the successor's side of a handoff — takes the running process's sockets and clients.
package dev.switchboard.proxy.handoff;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to the running process's handoff socket twice (records; sockets, read as file descriptors), both on one
 * event loop, and pairs each LISTENER or CLIENT record with the next socket, in order. The adopter takes each one
 * into this process. {@link #done()} completes with the END record's counts, or fails when the running process is
 * not there or the connection breaks.
 */
public final class HandoffTaker {
    private static final Logger log = LoggerFactory.getLogger(HandoffTaker.class);

    /** Takes sockets into this process; called on the taker's event loop, in the order they came. */
    public interface Adopter {
        /** A listening socket: accept on it from now on. */
        void listener(String kind, FileDescriptor fd);

        /** A client between transactions, with its state. */
        void client(MovedClient state, FileDescriptor fd);

        /** An idle server connection for one of this process's pools. */
        void server(MovedServer state, FileDescriptor fd);

        /** A session-mode client at rest with the server connection its session holds. */
        void session(MovedSession state, FileDescriptor client, FileDescriptor server);

        /** Prepared-statement names up to {@code number} are in use on the servers to come. */
        void namesInUse(long number);

        /** Server connections of one pool are on their way: keep room for them. */
        void expect(PoolAnnouncement pool);

        /** Nothing more comes (the end, or the handoff broke): room kept for connections is given up. */
        void ended();
    }

    /** What the running process reported at the end. */
    public record Ended(int moved, int staying) {
    }

    private final Adopter adopter;
    private final CompletableFuture<Ended> done = new CompletableFuture<>();
    private final ArrayDeque<ByteBuf> pendingRecords = new ArrayDeque<>();
    private final ArrayDeque<FileDescriptor> pendingSockets = new ArrayDeque<>();
    private Ended ended;
    private Channel records;
    /** Sockets received and taken, acknowledged to the running process every {@link HandoffRecords#ACK_EVERY}. */
    private long socketsTaken;
    private Channel sockets;

    private HandoffTaker(Adopter adopter) {
        this.adopter = adopter;
    }

    /** Starts taking over from the process listening on {@code path}. */
    public static HandoffTaker connect(Path path, EventLoop loop, Adopter adopter) {
        HandoffTaker taker = new HandoffTaker(adopter);
        taker.start(path, loop);
        return taker;
    }

    public CompletableFuture<Ended> done() {
        return done;
    }

    private void start(Path path, EventLoop loop) {
        DomainSocketAddress address = new DomainSocketAddress(path.toFile());
        Bootstrap base = new Bootstrap().group(loop).channel(EpollDomainSocketChannel.class);
        base.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(HandoffRecords.framer(), new Connection<>(pendingRecords, "records connection"));
            }
        }).connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                fail("no running Switchboard answers on the handoff socket " + path + ": " + f.cause().getMessage());
                return;
            }
            records = ((io.netty.channel.ChannelFuture) f).channel();
            records.writeAndFlush(HandoffRecords.hello(records.alloc(), HandoffRecords.ROLE_RECORDS));
            base.clone().option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                    .handler(new Connection<>(pendingSockets, "sockets connection")).connect(address).addListener(g -> {
                        if (!g.isSuccess()) {
                            fail("the handoff socket " + path + " refused the second connection: "
                                    + g.cause().getMessage());
                            return;
                        }
                        sockets = ((io.netty.channel.ChannelFuture) g).channel();
                        sockets.writeAndFlush(HandoffRecords.hello(sockets.alloc(), HandoffRecords.ROLE_SOCKETS));
                    });
        });
    }

    /** One of the two connections: what it reads waits in its queue to be paired with the other's. */
    private final class Connection<T> extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<T> pending;
        private final String name;

        Connection(ArrayDeque<T> pending, String name) {
            this.pending = pending;
            this.name = name;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pending.add((T) msg);
            pair();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost("the running process closed the handoff's " + name);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail("the handoff's " + name + " broke: " + cause);
            ctx.close();
        }
    }

    /** Adopts what has both its record and its socket; the END record waits for the sockets before it. */
    private void pair() {
        while (!pendingRecords.isEmpty()) {
            ByteBuf record = pendingRecords.peek();
            byte kind = record.getByte(record.readerIndex());
            if (kind == HandoffRecords.NAMES || kind == HandoffRecords.POOL) {
                pendingRecords.poll();
                record.skipBytes(1);
                try {
                    if (kind == HandoffRecords.NAMES) {
                        adopter.namesInUse(record.readLong());
                    } else {
                        adopter.expect(PoolAnnouncement.decode(record));
                    }
                } catch (RuntimeException e) {
                    log.warn("handoff: a record was refused: {}", e.getMessage());
                } finally {
                    record.release();
                }
                continue;
            }
            if (kind == HandoffRecords.END) {
                pendingRecords.poll();
                record.skipBytes(1);
                ended = new Ended(record.readInt(), record.readInt());
                record.release();
                finish();
                continue;
            }
            int socketsNeeded = kind == HandoffRecords.SESSION ? 2 : 1;
            if (pendingSockets.size() < socketsNeeded) {
                return;
            }
            pendingRecords.poll();
            FileDescriptor fd = pendingSockets.poll();
            FileDescriptor second = socketsNeeded == 2 ? pendingSockets.poll() : null;
            acknowledge(socketsNeeded);
            try {
                record.skipBytes(1);
                if (kind == HandoffRecords.SESSION) {
                    adopter.session(MovedSession.decode(record), fd, second);
                } else if (kind == HandoffRecords.LISTENER) {
                    adopter.listener(record.toString(StandardCharsets.US_ASCII), fd);
                } else if (kind == HandoffRecords.CLIENT) {
                    adopter.client(MovedClient.decode(record), fd);
                } else if (kind == HandoffRecords.SERVER) {
                    adopter.server(MovedServer.decode(record), fd);
                } else {
                    throw new HandoffException("a record of kind '" + (char) kind + "'");
                }
            } catch (RuntimeException e) {
                log.warn("handoff: could not take a socket over ({}); it is closed", e.getMessage());
                closeQuietly(fd);
                if (second != null) {
                    closeQuietly(second);
                }
            } finally {
                record.release();
            }
        }
    }

    /** Tells the running process, now and then, how many sockets were taken: it sends more only then. */
    private void acknowledge(int sockets) {
        long before = socketsTaken;
        socketsTaken += sockets;
        if (socketsTaken / HandoffRecords.ACK_EVERY != before / HandoffRecords.ACK_EVERY && records != null) {
            records.writeAndFlush(HandoffRecords.ack(records.alloc(), socketsTaken));
        }
    }

    private void finish() {
        adopter.ended();
        done.complete(ended);
        if (records != null) {
            records.close();
        }
        if (sockets != null) {
            sockets.close();
        }
    }

    private void lost(String why) {
        if (ended == null) {
            fail(why);
        }
    }

    private void fail(String why) {
        if (done.completeExceptionally(new HandoffException(why))) {
            adopter.ended();
            if (records != null) {
                records.close();
            }
            if (sockets != null) {
                sockets.close();
            }
            pendingRecords.forEach(ByteBuf::release);
            pendingRecords.clear();
            pendingSockets.forEach(HandoffTaker::closeQuietly);
            pendingSockets.clear();
        }
    }

    private static void closeQuietly(FileDescriptor fd) {
        try {
            fd.close();
        } catch (java.io.IOException e) {
            log.debug("closing a socket not taken over: {}", e.toString());
        }
    }
}
