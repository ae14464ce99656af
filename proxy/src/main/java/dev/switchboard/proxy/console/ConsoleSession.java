// ConsoleSession: one client of the admin console — greeted like PgBouncer's console, simple queries only.
package dev.switchboard.proxy.console;

import dev.switchboard.config.UserConfig;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.protocol.backend.ReadyForQuery;
import dev.switchboard.protocol.frontend.Query;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.cancel.CancelKeys;
import dev.switchboard.proxy.cli.Main;
import dev.switchboard.proxy.frontend.ClientConnection;
import dev.switchboard.proxy.frontend.ClientErrors;
import dev.switchboard.proxy.frontend.ProtocolNegotiation;
import dev.switchboard.proxy.session.Greeting;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the place of the session after authentication; no server connection is leased. While a command that
 * answers later (PAUSE) runs, nothing more is read, as PgBouncer does.
 */
public final class ConsoleSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConsoleSession.class);

    private final ProxyContext context;
    private final ClientConnection client;
    private final UserConfig user;
    private ConsoleAccess access;
    private ConsoleCommands commands;
    private CancelKeys.Key key;
    /** The command that answers later (PAUSE), while it runs; only touched on the channel's event loop. */
    private CompletableFuture<?> waiting;

    public ConsoleSession(ProxyContext context, ClientConnection client, UserConfig user) {
        this.context = context;
        this.client = client;
        this.user = user;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        access = user == OwnerLogin.USER ? ConsoleAccess.ADMIN
                : ConsoleAccess.of(context.config().console(), user.name());
        if (access == null) {
            log.info("[{}] refused: not in admin_users or stats_users", client);
            ClientErrors.fatal(ctx.channel(), ConsoleException.PROTOCOL_VIOLATION, "not allowed");
            return;
        }
        context.clientList().add(client, client.database(), user.name(), ClientPhase.ACTIVE);
        commands = new ConsoleCommands(context, Main.version(),
                new AdminActions(context, ctx.channel().eventLoop(), client.toString()));
        // As in PgBouncer, a cancel of a waiting PAUSE resumes what it paused; otherwise there is nothing to stop.
        key = context.cancelKeys().mint(ProtocolNegotiation.cancelKeyLength(client.version()), () -> {
            ctx.executor().execute(() -> {
                if (waiting != null) {
                    waiting.completeExceptionally(new ConsoleException("57014", "canceling statement due to user"
                            + " request: what PAUSE paused is resumed"));
                }
            });
            return CompletableFuture.<Void>completedFuture(null);
        });
        ctx.channel().closeFuture().addListener(f -> key.close());
        log.info("[{}] admin console ({})", client, access.name().toLowerCase(java.util.Locale.ROOT));
        Greeting.send(ctx.channel(), welcome(), List.of(), key);
    }

    /** PgBouncer's welcome; server_version says which console's dialect this one speaks. */
    private Map<String, String> welcome() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("server_version", ProcessShows.PGBOUNCER_VERSION + "/bouncer");
        parameters.put("client_encoding", "UTF8");
        parameters.put("server_encoding", "UTF8");
        parameters.put("DateStyle", "ISO");
        parameters.put("TimeZone", "GMT");
        parameters.put("standard_conforming_strings", "on");
        parameters.put("is_superuser", "on");
        String application = client.startup().parameters().get("application_name");
        if (application != null) {
            parameters.put("application_name", application);
        }
        return parameters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (access == null) {
                return; // refused: the FATAL is on its way and the connection closes
            }
            if (!(msg instanceof Frame frame) || !frame.isWhole()) {
                refuse(ctx, "unsupported packet type for admin console: " + describe(msg));
                return;
            }
            switch (frame.type()) {
                case FrontendType.QUERY -> query(ctx, Query.decode(frame.body()).sql());
                case FrontendType.TERMINATE -> ctx.close();
                case FrontendType.PARSE, FrontendType.BIND, FrontendType.EXECUTE, FrontendType.DESCRIBE,
                     FrontendType.SYNC, FrontendType.FLUSH, FrontendType.CLOSE ->
                        refuse(ctx, "extended query protocol not supported by admin console");
                default -> refuse(ctx, "unsupported packet type for admin console: " + describe(msg));
            }
        } catch (ProtocolException e) {
            ClientErrors.fatal(ctx.channel(), e.sqlState(), e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void query(ChannelHandlerContext ctx, String sql) {
        ByteBuf out = ctx.alloc().ioBuffer();
        CompletableFuture<?> later = run(sql, out);
        if (later == null) {
            ReadyForQuery.IDLE.encode(out);
            ctx.writeAndFlush(out);
            return;
        }
        ctx.writeAndFlush(out);
        ctx.channel().config().setAutoRead(false);
        waiting = later;
        ctx.channel().closeFuture().addListener(f -> later.cancel(false)); // a PAUSE stops looking at its pools
        later.whenComplete((answer, error) -> ctx.executor().execute(() -> answered(ctx, answer, error)));
    }

    /** Runs the query into {@code out}; an error is written there too. Returns what answers later, or null. */
    private CompletableFuture<?> run(String sql, ByteBuf out) {
        try {
            return commands.run(sql, access, out);
        } catch (ConsoleException e) {
            out.clear();
            log.info("[{}] {}", client, e.getMessage());
            ErrorResponse.error(e.sqlState(), e.getMessage()).encode(out);
        } catch (RuntimeException e) {
            out.clear();
            log.warn("[{}] console query failed: {}", client, sql, e);
            ErrorResponse.error("XX000", "internal error in the admin console: " + e).encode(out);
        }
        return null;
    }

    /** @param answer a command tag, or the rows of a command that answers with some (SWITCHOVER) */
    private void answered(ChannelHandlerContext ctx, Object answer, Throwable error) {
        waiting = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        ByteBuf out = ctx.alloc().ioBuffer();
        if (error == null && answer instanceof ConsoleResult rows) {
            rows.encode(out);
        } else if (error == null) {
            new dev.switchboard.protocol.backend.CommandComplete((String) answer).encode(out);
        } else {
            ConsoleException refusal = error instanceof ConsoleException e ? e
                    : new ConsoleException(String.valueOf(error.getMessage()));
            ErrorResponse.error(refusal.sqlState(), refusal.getMessage()).encode(out);
        }
        ReadyForQuery.IDLE.encode(out);
        ctx.writeAndFlush(out);
        ctx.channel().config().setAutoRead(true);
    }

    /** PgBouncer answers with the reason as an ERROR, then closes with "bad packet". */
    private void refuse(ChannelHandlerContext ctx, String reason) {
        log.info("[{}] {}", client, reason);
        ByteBuf out = ctx.alloc().ioBuffer();
        ErrorResponse.error(ConsoleException.PROTOCOL_VIOLATION, reason).encode(out);
        ctx.write(out);
        ClientErrors.fatal(ctx.channel(), ConsoleException.PROTOCOL_VIOLATION, "bad packet");
    }

    private static String describe(Object msg) {
        return msg instanceof Frame f ? FrontendType.name(f.type()) : msg.getClass().getSimpleName();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("[{}] closing the console session after an error: {}", client, cause.toString());
        ctx.close();
    }
}
