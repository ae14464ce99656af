// OnClientLoop: hands a server connection's events to a client session on the client's own event loop.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.Frame;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.function.BiConsumer;

/**
 * A session's state lives on its client's event loop; a pooled server may run on another. Events keep
 * their order: frames, flushes and the close are all queued on the client loop when they hop.
 */
public final class OnClientLoop implements BackendListener {
    private final Channel client;
    private final EventLoop loop;
    private final BiConsumer<ServerConn, Frame> frames;
    private final BiConsumer<ServerConn, Throwable> closed;

    /**
     * @param frames gets each frame with the server it came from: a session that changed servers must drop what
     *               its old one still had in flight
     */
    public OnClientLoop(Channel client, BiConsumer<ServerConn, Frame> frames, BiConsumer<ServerConn, Throwable> closed) {
        this.client = client;
        this.loop = client.eventLoop();
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

    /** Backpressure: stop reading from the client while its server cannot take more. */
    @Override
    public void onWritabilityChanged(ServerConn from, boolean writable) {
        client.config().setAutoRead(writable);
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
