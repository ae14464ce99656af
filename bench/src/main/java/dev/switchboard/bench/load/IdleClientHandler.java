// IdleClientHandler: one load-generator connection's startup and authentication, then silence.
package dev.switchboard.bench.load;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.auth.ClientLogin;
import dev.switchboard.protocol.auth.ClientLoginException;
import dev.switchboard.protocol.backend.Authentication;
import dev.switchboard.protocol.backend.BackendMessage;
import dev.switchboard.protocol.backend.BackendMessages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.util.LinkedHashMap;

/**
 * Sends the StartupMessage, logs in with {@link ClientLogin} (trust, cleartext, MD5 or SCRAM-SHA-256), and
 * completes {@code ready} on the first ReadyForQuery. After that every frame the server sends (ParameterStatus,
 * NoticeResponse) is dropped: the connection only exists to be held open. Fails {@code ready} with a
 * message naming the step on an ErrorResponse, an unsupported method, or an early close.
 */
final class IdleClientHandler extends ChannelInboundHandlerAdapter {

    private final String user;
    private final String database;
    private final Promise<Void> ready;
    private final ClientLogin login;

    IdleClientHandler(String user, String password, String database, Promise<Void> ready) {
        this.user = user;
        this.database = database;
        this.ready = ready;
        this.login = new ClientLogin(user, password);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        params.put("user", user);
        params.put("database", database);
        params.put("application_name", "switchboard-bench-idle");
        send(ctx, new StartupMessage(ProtocolVersion.V3_0, params));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!ready.isDone() && msg instanceof Frame frame && frame.isWhole()) {
                onMessage(ctx, BackendMessages.decode(frame));
            }
        } catch (ClientLoginException e) {
            fail(ctx, "login failed: " + e.sqlState() + " " + e.getMessage());
        } catch (RuntimeException e) {
            fail(ctx, "startup failed: " + e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onMessage(ChannelHandlerContext ctx, BackendMessage m) throws ClientLoginException {
        try {
            if (m instanceof Authentication request) {
                login.handle(request).ifPresent(reply -> send(ctx, reply));
            } else if (m instanceof ErrorResponse e) {
                fail(ctx, "server refused the connection: " + e.severity() + " " + e.sqlState() + " " + e.message());
            } else if (m instanceof ReadyForQuery) {
                login.checkDone();
                ready.trySuccess(null);
            }
        } finally {
            ReferenceCountUtil.release(m);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "server closed the connection before ReadyForQuery");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, (ready.isDone() ? "idle connection failed: " : "startup failed: ") + cause.getMessage());
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (ready.tryFailure(new IllegalStateException(why))) {
            ctx.close();
        }
    }

    private static void send(ChannelHandlerContext ctx, Encodable message) {
        ByteBuf out = ctx.alloc().buffer();
        message.encode(out);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }
}
