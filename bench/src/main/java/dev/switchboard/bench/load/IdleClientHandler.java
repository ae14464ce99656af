// IdleClientHandler: one load-generator connection's startup and authentication, then silence.
package dev.switchboard.bench.load;

import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.auth.Md5Password;
import dev.switchboard.protocol.auth.ScramClientSession;
import dev.switchboard.protocol.auth.ScramException;
import dev.switchboard.protocol.backend.AuthenticationCleartextPassword;
import dev.switchboard.protocol.backend.AuthenticationMD5Password;
import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.AuthenticationSASL;
import dev.switchboard.protocol.backend.AuthenticationSASLContinue;
import dev.switchboard.protocol.backend.AuthenticationSASLFinal;
import dev.switchboard.protocol.backend.BackendMessage;
import dev.switchboard.protocol.backend.BackendMessages;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.PasswordMessage;
import dev.switchboard.protocol.frontend.SASLInitialResponse;
import dev.switchboard.protocol.frontend.SASLResponse;
import dev.switchboard.protocol.startup.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * Sends the StartupMessage, answers cleartext, MD5 or SCRAM-SHA-256 authentication, and completes
 * {@code ready} on the first ReadyForQuery. After that every frame the server sends (ParameterStatus,
 * NoticeResponse) is dropped: the connection only exists to be held open. Fails {@code ready} with a
 * message naming the step on an ErrorResponse, an unsupported method, or an early close.
 */
final class IdleClientHandler extends ChannelInboundHandlerAdapter {

    private static final String SCRAM = "SCRAM-SHA-256";

    private final String user;
    private final String password;
    private final String database;
    private final Promise<Void> ready;
    private ScramClientSession scram;

    IdleClientHandler(String user, String password, String database, Promise<Void> ready) {
        this.user = user;
        this.password = password;
        this.database = database;
        this.ready = ready;
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
        } catch (ScramException | RuntimeException e) {
            fail(ctx, "startup failed: " + e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onMessage(ChannelHandlerContext ctx, BackendMessage m) throws ScramException {
        try {
            if (m instanceof AuthenticationOk) {
                return;
            } else if (m instanceof AuthenticationCleartextPassword) {
                send(ctx, new PasswordMessage(password));
            } else if (m instanceof AuthenticationMD5Password md5) {
                send(ctx, new PasswordMessage(Md5Password.response(user, password, md5.salt())));
            } else if (m instanceof AuthenticationSASL sasl) {
                if (!sasl.mechanisms().contains(SCRAM)) {
                    fail(ctx, "server offers SASL mechanisms " + sasl.mechanisms() + ", not " + SCRAM);
                    return;
                }
                scram = new ScramClientSession(password);
                send(ctx, new SASLInitialResponse(SCRAM, utf8(scram.clientFirstMessage())));
            } else if (m instanceof AuthenticationSASLContinue c) {
                send(ctx, new SASLResponse(utf8(scram().handleServerFirst(text(c.data())))));
            } else if (m instanceof AuthenticationSASLFinal f) {
                scram().verifyServerFinal(text(f.data()));
            } else if (m instanceof ErrorResponse e) {
                fail(ctx, "server refused the connection: " + e.severity() + " " + e.sqlState() + " " + e.message());
            } else if (m instanceof ReadyForQuery) {
                ready.trySuccess(null);
            } else if (m.type() == 'R') {
                fail(ctx, "unsupported authentication request " + m);
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

    private ScramClientSession scram() {
        if (scram == null) {
            throw new IllegalStateException("SASL continue without a SASL start");
        }
        return scram;
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
