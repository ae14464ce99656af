// ClientStartupHandler: the pre-authentication phase of a client — SSL/GSS requests, cancel requests, StartupMessage.
package dev.switchboard.proxy.frontend;

import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameLimits;
import dev.switchboard.protocol.Messages;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.backend.NegotiateProtocolVersion;
import dev.switchboard.protocol.startup.CancelRequest;
import dev.switchboard.protocol.startup.GssEncRequest;
import dev.switchboard.protocol.startup.SslRequest;
import dev.switchboard.protocol.startup.StartupDecoder;
import dev.switchboard.protocol.startup.StartupMessage;
import dev.switchboard.protocol.startup.StartupPacket;
import dev.switchboard.proxy.ProxyContext;
import dev.switchboard.proxy.tls.ClientTls;
import dev.switchboard.proxy.cancel.PeerKeys;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every client connection. It answers SSLRequest with 'S' and starts TLS when TLS towards
 * clients is on ('N' otherwise, and always to GSS encryption requests), forwards cancel requests, negotiates
 * the protocol version, refuses a plain connection where TLS is required, and then hands the connection to
 * {@link ClientAuthHandler}. The startup deadline is {@link ClientLifecycle}'s.
 */
public final class ClientStartupHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientStartupHandler.class);
    static final String DECODER = "startup-decoder";
    public static final String FRAMER = "framer";
    /**
     * Largest length field accepted before authentication: PostgreSQL's limit for a password or SASL
     * message body (PG_MAX_AUTH_TOKEN_LENGTH, 65535) plus the length field itself. Without it an unknown
     * client could make the proxy buffer max_message_size bytes (1 GiB by default) per connection.
     */
    static final int MAX_AUTH_MESSAGE_SIZE = 65535 + 4;

    private final ProxyContext context;
    private ClientConnection client;

    public ClientStartupHandler(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (context.clientTls() != null) {
            ClientTlsStart.watchForDirectTls(ctx.pipeline(), context.clientTls());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = new ClientConnection(ctx.channel());
        ctx.channel().attr(ClientAttributes.CLIENT).set(client);
        log.debug("[{}] connection from {}", client, ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SslRequest) {
                sslRequest(ctx);
            } else if (msg instanceof GssEncRequest) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            } else if (msg instanceof CancelRequest cancel) {
                if (!context.cancelRateLimit().allow(remoteAddress(ctx))) {
                    log.info("[{}] cancel request from {} dropped: over limits.cancel_requests_per_second", client,
                            ctx.channel().remoteAddress());
                    context.meters().counter("switchboard.cancels.dropped").increment();
                    ctx.close();
                    return;
                }
                // Closed only once the cancel is delivered, as PostgreSQL does: clients wait for this close.
                ctx.channel().config().setAutoRead(false);
                int pid = cancel.processId();
                PeerKeys peers = context.cancelKeys().peers();
                if (peers != null && !peers.issuedHere(pid)) {
                    forwardToPeer(ctx, peers, cancel);
                    return;
                }
                context.cancelKeys().cancel(pid, cancel.secretKey()).whenComplete((found, error) -> {
                    log.debug("[{}] cancel request for {}: {}", client, pid, Boolean.TRUE.equals(found) ? "delivered" : "no such key");
                    ctx.close();
                });
            } else if (msg instanceof StartupMessage startup) {
                startup(ctx, startup);
            } else {
                ClientErrors.fatal(ctx.channel(), "08P01", "unexpected startup packet");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void sslRequest(ChannelHandlerContext ctx) {
        ClientTls tls = context.clientTls();
        if (tls == null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else if (ClientTlsStart.of(ctx.pipeline()) != null) {
            ClientErrors.fatal(ctx.channel(), "08P01", "SSLRequest received on a connection that already uses TLS");
        } else if (((StartupDecoder) ctx.pipeline().get(DECODER)).buffered() > 0) {
            // Bytes sent before the handshake would be taken as if they came through TLS (PostgreSQL refuses too).
            ClientErrors.fatal(ctx.channel(), "08P01", "received unencrypted data after SSL request");
        } else {
            ClientTlsStart.afterSslRequest(ctx, tls, client);
        }
    }

    /** Null when the connection may go on; else why it may not (plain where TLS is required, a certificate's name). */
    private String tlsRefusal(ChannelHandlerContext ctx, StartupMessage startup) {
        ClientTls tls = context.clientTls();
        SslHandler handler = ClientTlsStart.of(ctx.pipeline());
        if (handler == null) {
            // A Unix socket never carries TLS (PostgreSQL does not offer it there either): require is for TCP.
            java.net.InetAddress from = remoteAddress(ctx);
            return tls != null && tls.required() && from != null ? "TLS is required: plain connection refused for host \""
                    + from.getHostAddress() + "\", user \"" + startup.user() + "\", database \"" + startup.database()
                    + "\", no encryption" : null;
        }
        return tls.refusedCertificateUser(handler, startup.user());
    }

    private static java.net.InetAddress remoteAddress(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress inet ? inet.getAddress() : null;
    }

    /**
     * A key another instance issued: forwarded there when its signature holds, and this connection is closed once
     * that instance closed its own (it does so after delivering the cancel), as PostgreSQL closes after signalling.
     */
    private void forwardToPeer(ChannelHandlerContext ctx, PeerKeys peers, CancelRequest cancel) {
        int pid = cancel.processId();
        java.net.InetSocketAddress peer = peers.addressOf(pid);
        if (peer == null || !peers.authentic(pid, cancel.secretKey())) {
            log.debug("[{}] cancel request for {} of instance {}: {}", client, pid, PeerKeys.instanceOf(pid),
                    peer == null ? "not a configured peer" : "signature does not hold");
            ctx.close();
            return;
        }
        log.debug("[{}] cancel request for {} forwarded to instance {} at {}", client, pid, PeerKeys.instanceOf(pid), peer);
        dev.switchboard.proxy.cancel.CancelForwarder.send(context.transport(), ctx.channel().eventLoop(),
                new java.net.InetSocketAddress(peer.getHostString(), peer.getPort()),
                new CancelRequest(pid, cancel.secretKey()), "instance " + PeerKeys.instanceOf(pid))
                .whenComplete((v, e) -> ctx.close());
    }

    private void startup(ChannelHandlerContext ctx, StartupMessage startup) {
        List<String> protocolOptions = new ArrayList<>(startup.protocolOptions().keySet());
        ProtocolNegotiation negotiation = ProtocolNegotiation.negotiate(startup.version(), protocolOptions);
        if (negotiation.refused()) {
            log.info("[{}] refused: {}", client, negotiation.refusal().message());
            if (startup.version().major() < 3) {
                ClientErrors.fatalPre30(ctx.channel(), negotiation.refusal().message());
            } else {
                ClientErrors.fatal(ctx.channel(), negotiation.refusal());
            }
            return;
        }
        client.started(startup, negotiation.version());
        NegotiateProtocolVersion answer = negotiation.answerFor(startup.version());
        if (answer != null) {
            ctx.write(Messages.encode(ctx.alloc(), answer));
        }
        String user = startup.parameters().get("user");
        if (user == null || user.isEmpty()) {
            ClientErrors.fatal(ctx.channel(), "28000", "no PostgreSQL user name specified in startup packet");
            return;
        }
        String refusal = tlsRefusal(ctx, startup);
        if (refusal == null) {
            refusal = AccessCheck.refusal(context.config().access(), remoteAddress(ctx), startup.user(),
                    startup.database(), ClientTlsStart.of(ctx.pipeline()) != null);
        }
        if (refusal != null) {
            log.info("[{}] refused: {}", client, refusal);
            ClientErrors.fatal(ctx.channel(), "28000", refusal);
            return;
        }
        if (startup.parameters().containsKey("replication")
                && !"false".equalsIgnoreCase(startup.parameters().get("replication"))
                && !"0".equals(startup.parameters().get("replication"))
                && !"off".equalsIgnoreCase(startup.parameters().get("replication"))) {
            ClientErrors.fatal(ctx.channel(), "0A000", "replication connections are not supported by Switchboard");
            return;
        }
        if (context.clients().get() > context.config().listen().maxClientConnections()) {
            ClientErrors.fatal(ctx.channel(), "53300", "sorry, too many clients already (max_client_connections "
                    + context.config().listen().maxClientConnections() + ")");
            return;
        }
        // From here on the client speaks typed messages; until it is authenticated, only short ones
        // (ClientAuthHandler installs the configured limit on success). The startup decoder leaves last:
        // its removal hands on bytes pipelined behind the startup packet (a trust login's first query),
        // and those must meet the framer and the handlers of the next phases, not this one.
        ctx.pipeline().addAfter(DECODER, FRAMER, new FrameDecoder(FrameLimits.frontendDefaults(
                Math.min(MAX_AUTH_MESSAGE_SIZE, context.config().limits().maxMessageSize()))));
        ctx.pipeline().replace(this, "auth", new ClientAuthHandler(context, client));
        ctx.pipeline().remove(DECODER);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException protocol) {
            log.info("[{}] protocol violation during startup: {}", client, protocol.getMessage());
            ClientErrors.fatal(ctx.channel(), protocol.sqlState(), protocol.getMessage());
        } else {
            log.warn("[{}] closing after error during startup: {}", client, cause.toString());
            ctx.close();
        }
    }
}
