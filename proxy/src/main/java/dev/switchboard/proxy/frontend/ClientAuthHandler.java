// ClientAuthHandler: authenticates a client against the configured users (SCRAM-SHA-256, md5, a certificate or trust).
package dev.switchboard.proxy.frontend;

import dev.switchboard.config.ClientAuthMethod;
import dev.switchboard.config.ConsoleUsers;
import dev.switchboard.config.DatabaseConfig;
import dev.switchboard.config.UserConfig;
import dev.switchboard.protocol.Encodable;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.FrontendType;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.auth.Md5Password;
import dev.switchboard.protocol.auth.ChannelBinding;
import dev.switchboard.protocol.auth.ScramException;
import dev.switchboard.protocol.auth.ScramSecret;
import dev.switchboard.protocol.auth.ScramServerSession;
import dev.switchboard.protocol.backend.AuthenticationMD5Password;
import dev.switchboard.protocol.backend.AuthenticationOk;
import dev.switchboard.protocol.backend.AuthenticationSASL;
import dev.switchboard.protocol.backend.AuthenticationSASLContinue;
import dev.switchboard.protocol.backend.AuthenticationSASLFinal;
import dev.switchboard.protocol.frontend.PasswordMessage;
import dev.switchboard.protocol.frontend.SASLInitialResponse;
import dev.switchboard.protocol.frontend.SASLResponse;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.auth.AuthQuery;
import dev.switchboard.proxy.console.OwnerLogin;
import dev.switchboard.proxy.session.SessionStarter;
import dev.switchboard.proxy.tls.ClientTls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one authentication exchange. An unknown user goes through the same exchange against a random
 * secret and fails with the same message as a wrong password, so the proxy does not reveal which user
 * names exist (PostgreSQL does the same with its mock authentication).
 */
final class ClientAuthHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientAuthHandler.class);

    private enum State { SASL_INITIAL, SASL_FINAL, MD5, DONE }

    private final ProxyContext context;
    private final ClientConnection client;
    /** The configured user, or the one auth.query found; null for an unknown user. */
    private UserConfig user;
    private State state;
    private ScramServerSession scram;
    /** The binding of this connection's TLS, or null when it has none. */
    private ChannelBinding tlsBinding;
    private byte[] md5Salt;

    ClientAuthHandler(ProxyContext context, ClientConnection client) {
        this.context = context;
        this.client = client;
        this.user = context.config().user(client.user()).orElse(null);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        AuthQuery query = context.authQuery();
        // The console's users are configured ones: auth.query has no database of theirs to look them up in.
        DatabaseConfig database = ConsoleUsers.DATABASES.contains(client.database()) ? null
                : context.config().database(client.database()).orElse(null);
        if (user != null || query == null || database == null) {
            challenge(ctx);
            return;
        }
        // Not configured: PostgreSQL may know the user. Nothing is read meanwhile; the startup deadline still runs.
        ctx.channel().config().setAutoRead(false);
        query.find(client.user(), database).whenComplete((found, error) -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive() || ctx.isRemoved()) {
                return;
            }
            user = error == null ? found.orElse(null) : null;
            if (user != null) {
                log.debug("[{}] user found by auth.query ({})", client, user.auth().yamlName());
            }
            challenge(ctx);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private void challenge(ChannelHandlerContext ctx) {
        if (OwnerLogin.applies(ctx.channel(), client.user(), client.database())) {
            user = OwnerLogin.USER;
            succeed(ctx, "peer: the proxy's own OS user over the Unix socket");
            return;
        }
        ClientAuthMethod method = user == null ? context.config().auth().defaultMethod() : user.auth();
        switch (method) {
            case TRUST -> succeed(ctx, "trust");
            case CERT -> {
                SslHandler tls = ClientTlsStart.of(ctx.pipeline());
                String refusal = context.clientTls() == null ? "connection requires a valid client certificate"
                        : context.clientTls().refusedCertificateLogin(tls, client.user());
                if (refusal == null) {
                    succeed(ctx, "cert");
                } else {
                    state = State.DONE;
                    log.info("[{}] refused: {} ({})", client, refusal, ClientTls.describeCertificate(tls));
                    ClientErrors.fatal(ctx.channel(), "28000", refusal);
                }
            }
            case MD5 -> {
                md5Salt = Md5Password.newSalt();
                state = State.MD5;
                send(ctx, new AuthenticationMD5Password(md5Salt));
            }
            case SCRAM_SHA_256 -> {
                ScramSecret secret = secretOf(user);
                // Unknown user, or md5-only credentials: the whole exchange runs and then fails.
                scram = secret != null ? new ScramServerSession(secret)
                        : ScramServerSession.doomed(client.user(), context.mockAuthKey());
                state = State.SASL_INITIAL;
                tlsBinding = ownCertificateBinding(ctx);
                send(ctx, new AuthenticationSASL(ScramServerSession.mechanisms(tlsBinding != null)));
            }
        }
    }

    /** The SCRAM secret to check {@code user} against: derived at start for configured users, parsed for found ones. */
    private ScramSecret secretOf(UserConfig user) {
        if (user == null) {
            return null;
        }
        ScramSecret configured = context.scramSecret(user.name());
        if (configured != null || context.config().user(user.name()).isPresent()) {
            return configured;
        }
        return ScramSecret.looksLikeScramSecret(user.password()) ? ScramSecret.parse(user.password()) : null;
    }

    /** Over TLS, SCRAM may bind to the certificate this proxy presented (SCRAM-SHA-256-PLUS). */
    private static ChannelBinding ownCertificateBinding(ChannelHandlerContext ctx) {
        SslHandler tls = ClientTlsStart.of(ctx.pipeline());
        if (tls == null) {
            return null;
        }
        return ChannelBinding.ofChain(tls.engine().getSession().getLocalCertificates());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof Frame frame) || !frame.isWhole() || frame.type() != FrontendType.PASSWORD_MESSAGE
                    || state == State.DONE) {
                String what = msg instanceof Frame f ? FrontendType.name(f.type()) : msg.getClass().getSimpleName();
                ClientErrors.fatal(ctx.channel(), "08P01", "expected password response, got message type " + what);
                return;
            }
            switch (state) {
                case MD5 -> {
                    PasswordMessage password = PasswordMessage.decode(frame.body());
                    boolean ok = user != null && user.password() != null
                            && Md5Password.verify(user.name(), user.password(), md5Salt, password.password());
                    if (ok) {
                        succeed(ctx, "md5");
                    } else {
                        passwordFailed(ctx, "md5");
                    }
                }
                case SASL_INITIAL -> {
                    SASLInitialResponse initial = SASLInitialResponse.decode(frame.body());
                    if (!ScramServerSession.mechanisms(tlsBinding != null).contains(initial.mechanism())
                            || initial.data() == null) {
                        ClientErrors.fatal(ctx.channel(), "08P01",
                                "client selected an invalid SASL authentication mechanism");
                        return;
                    }
                    if (tlsBinding != null) {
                        scram.channelBinding(tlsBinding, initial.mechanism());
                    }
                    String serverFirst = scram.handleClientFirst(new String(initial.data(), StandardCharsets.UTF_8));
                    state = State.SASL_FINAL;
                    send(ctx, new AuthenticationSASLContinue(serverFirst.getBytes(StandardCharsets.UTF_8)));
                }
                case SASL_FINAL -> {
                    SASLResponse response = SASLResponse.decode(frame.body());
                    String serverFinal = scram.handleClientFinal(new String(response.data(), StandardCharsets.UTF_8));
                    ctx.write(Messages.encode(ctx.alloc(),
                            new AuthenticationSASLFinal(serverFinal.getBytes(StandardCharsets.UTF_8))));
                    if (user.backendPassword() == null) {
                        // No password to log in to PostgreSQL with: this proof will do it (SCRAM pass-through).
                        context.scramPassthrough().remember(user.backendUser(), scram.clientKey(), secretOf(user));
                    }
                    succeed(ctx, "scram-sha-256");
                }
                default -> throw new IllegalStateException("auth state " + state);
            }
        } catch (ScramException e) {
            if (e.authenticationFailed()) {
                passwordFailed(ctx, "SCRAM-SHA-256");
            } else {
                ClientErrors.fatal(ctx.channel(), "08P01", "malformed SCRAM message: " + e.getMessage());
            }
        } catch (ProtocolException e) {
            ClientErrors.fatal(ctx.channel(), e.sqlState(), e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Same shape as PostgreSQL's message, so clients and log scrapers treat it the same. */
    private void passwordFailed(ChannelHandlerContext ctx, String method) {
        state = State.DONE;
        log.info("[{}] password authentication failed ({}){}", client, method, user == null ? ": no such user" : "");
        ClientErrors.fatal(ctx.channel(), "28P01", "password authentication failed for user \"" + client.user() + "\"");
    }

    private void succeed(ChannelHandlerContext ctx, String method) {
        // Only configured users and users auth.query found get here: unknown ones always fail their (mock)
        // exchange, and trust is never a default (the configuration refuses it).
        state = State.DONE;
        if (!context.admitClient(user, ctx.channel())) {
            // PostgreSQL's words for its own per-role limit.
            ClientErrors.fatal(ctx.channel(), "53300", "too many connections for role \"" + user.name()
                    + "\" (max_client_connections " + user.maxClientConnections() + ")");
            return;
        }
        log.debug("[{}] authenticated ({})", client, method);
        ctx.writeAndFlush(Messages.encode(ctx.alloc(), AuthenticationOk.INSTANCE));
        // Authenticated: now the configured message size applies, from the next message the framer reads.
        ctx.pipeline().get(FrameDecoder.class).limits(
                FrameLimits.frontendDefaults(context.config().limits().maxMessageSize()));
        ctx.pipeline().replace(this, "session-start", new SessionStarter(context, client, user));
    }

    private void send(ChannelHandlerContext ctx, Encodable message) {
        ctx.writeAndFlush(Messages.encode(ctx.alloc(), message));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException protocol) {
            ClientErrors.fatal(ctx.channel(), protocol.sqlState(), protocol.getMessage());
        } else {
            log.warn("[{}] closing after error during authentication: {}", client, cause.toString());
            ctx.close();
        }
    }
}
