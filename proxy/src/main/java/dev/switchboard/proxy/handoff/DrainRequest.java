// DrainRequest: `switchboard drain` — asks the proxy running with a configuration to stop accepting and drain.
package dev.switchboard.proxy.handoff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Says hello on the running process's handoff socket in the drain role and waits for it to close the connection,
 * which it does once the drain has begun: no new connections, every client told {@code disconnect_requested} and,
 * after {@code limits.drain_grace}, closed with 57P01 when idle. Behind a load balancer (or with
 * {@code SO_REUSEPORT} siblings) the clients reconnect to the other instances.
 */
public final class DrainRequest {
    private DrainRequest() {
    }

    /** Asks; throws when nobody answers on {@code socket}. */
    public static void send(Path socket) throws IOException {
        ByteBuf hello = HandoffRecords.hello(ByteBufAllocator.DEFAULT, HandoffRecords.ROLE_DRAIN);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(hello.nioBuffer());
            ByteBuffer ignored = ByteBuffer.allocate(64);
            while (channel.read(ignored.clear()) >= 0) {
                // nothing is sent back; the close is the answer
            }
        } finally {
            hello.release();
        }
    }
}
