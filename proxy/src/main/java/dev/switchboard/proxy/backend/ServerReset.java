// ServerReset: after its client left, brings a server to rest (ROLLBACK, reset query) and pools it, or closes it.
package dev.switchboard.proxy.backend;

import dev.switchboard.pooling.Lease;
import dev.switchboard.protocol.BackendType;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.frontend.Query;
import io.netty.buffer.ByteBuf;

/**
 * Runs on the server's own event loop; the client is gone. An open transaction is rolled back; session
 * state (settings, temporary tables, locks…) is wiped with the reset query when one is given. The server
 * is pooled only if all of it succeeded and it is idle.
 */
public final class ServerReset implements BackendListener {
    private final ServerConn server;
    private final Lease<ServerConn> lease;
    private final boolean rollback;
    private final String resetQuery;
    private int readyOwed;
    private boolean failed;
    private char status = 'I';

    public ServerReset(ServerConn server, Lease<ServerConn> lease, boolean rollback, String resetQuery) {
        this.server = server;
        this.lease = lease;
        this.rollback = rollback;
        this.resetQuery = resetQuery;
    }

    public void start() {
        if (!rollback && resetQuery.isEmpty()) {
            server.listenIdle();
            lease.release();
            return;
        }
        server.listen(this);
        ByteBuf out = server.channel().alloc().ioBuffer();
        if (rollback) {
            new Query("ROLLBACK").encode(out);
            readyOwed++;
        }
        if (!resetQuery.isEmpty()) {
            new Query(resetQuery).encode(out);
            readyOwed++;
        }
        server.channel().writeAndFlush(out);
    }

    @Override
    public void onFrame(ServerConn from, Frame frame) {
        try {
            if (!frame.isWhole()) {
                return;
            }
            if (frame.type() == BackendType.ERROR_RESPONSE) {
                failed = true;
            } else if (frame.type() == BackendType.READY_FOR_QUERY) {
                status = (char) frame.body().getByte(frame.body().readerIndex());
                if (--readyOwed == 0) {
                    finish();
                }
            }
        } finally {
            frame.release();
        }
    }

    private void finish() {
        if (failed || status != 'I') {
            lease.discard();
            return;
        }
        if (!resetQuery.isEmpty()) {
            server.forgetSessionState(); // the reset query (DISCARD ALL) dropped settings and statements
        }
        server.listenIdle();
        lease.release();
    }

    @Override
    public void onClosed(ServerConn from, Throwable cause) {
        lease.discard();
    }
}
