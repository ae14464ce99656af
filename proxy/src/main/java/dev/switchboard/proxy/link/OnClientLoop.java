// OnClientLoop: hands a server connection's events to a client session on the client's own event loop.
package dev.switchboard.proxy.link;

import dev.switchboard.protocol.Frame;
import dev.switchboard.proxy.backend.BackendListener;
import dev.switchboard.proxy.backend.ServerConn;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.function.BiConsumer;

/**
 * A session's state lives on its client's event loop; a pooled server may run on another. Events keep
 * their order: frames, flushes, writability and the close are all queued on the client loop when they hop.
 */
public final class OnClientLoop implements BackendListener {
    private final Channel client;
    private final EventLoop loop;
    private final Backpressure backpressure;
    private final BiConsumer<ServerConn, Frame> frames;
    private final BiConsumer<ServerConn, Throwable> closed;

    /**
     * @param frames gets each frame with the server it came from: a session that changed servers must drop what
     *               its old one still had in flight
     */
    public OnClientLoop(Channel client, Backpressure backpressure, BiConsumer<ServerConn, Frame> frames,
                        BiConsumer<ServerConn, Throwable> closed) {
        this.client = client;
        this.loop = client.eventLoop();
        this.backpressure = backpressure;
        this.frames = frames;
        this.closed = closed;
    }

    @Override
    public void onFrame(ServerConn from, Frame frame) {
        if (loop.inEventLoop()) {
            frames.accept(from, frame);
        } else {
            loop.execute(() -> frames.accept(from, frame));
        }
    }

    @Override
    public void onReadComplete(ServerConn from) {
        if (loop.inEventLoop()) {
            client.flush();
        } else {
            loop.execute(client::flush);
        }
    }

    /** Backpressure: the client is not read while its server cannot take more (judged on the client's loop). */
    @Override
    public void onWritabilityChanged(ServerConn from, boolean writable) {
        if (loop.inEventLoop()) {
            backpressure.serverWritabilityChanged(from, writable);
        } else {
            loop.execute(() -> backpressure.serverWritabilityChanged(from, writable));
        }
    }

    @Override
    public void onClosed(ServerConn from, Throwable cause) {
        if (loop.inEventLoop()) {
            closed.accept(from, cause);
        } else {
            loop.execute(() -> closed.accept(from, cause));
        }
    }
}
