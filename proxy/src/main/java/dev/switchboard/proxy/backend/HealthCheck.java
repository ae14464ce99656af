// HealthCheck: the cheap liveness probe of an idle server connection — Sync, answered by ReadyForQuery.
package dev.switchboard.proxy.backend;

import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.frontend.Sync;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sync on an idle connection costs the server no statement and proves it is alive and idle. Anything
 * other than ReadyForQuery 'I' in time means the connection is not fit to hand out.
 */
final class HealthCheck implements BackendListener {
    static final long TIMEOUT_MILLIS = 5000;

    private final CompletableFuture<Boolean> result = new CompletableFuture<>();

    static CompletableFuture<Boolean> run(ServerConn server) {
        if (!server.isUsable()) {
            return CompletableFuture.completedFuture(false);
        }
        HealthCheck check = new HealthCheck();
        server.listen(check);
        server.channel().eventLoop().schedule(() -> check.result.complete(false), TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        io.netty.buffer.ByteBuf sync = server.channel().alloc().ioBuffer(5);
        Sync.INSTANCE.encode(sync);
        server.channel().writeAndFlush(sync);
        return check.result.whenComplete((ok, error) -> {
            server.listenIdle();
            if (!Boolean.TRUE.equals(ok)) {
                server.markBroken("health check failed");
            }
        });
    }

    @Override
    public void onFrame(ServerConn server, Frame frame) {
        try {
            if (frame.isWhole() && frame.type() == BackendType.READY_FOR_QUERY) {
                result.complete(frame.body().getByte(frame.body().readerIndex()) == 'I');
            } else if (frame.isFirst() && frame.type() == BackendType.ERROR_RESPONSE) {
                result.complete(false);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void onClosed(ServerConn server, Throwable cause) {
        result.complete(false);
    }
}
