// ServerTlsRequest: asks a new server connection for TLS (SSLRequest) and starts it when PostgreSQL says 'S'.
package dev.switchboard.proxy.backend;

import dev.switchboard.config.TlsConfig;
import dev.switchboard.protocol.auth.ChannelBinding;
import dev.switchboard.protocol.backend.ErrorResponse;
import dev.switchboard.proxy.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * PostgreSQL answers SSLRequest with one byte: 'S' (then the TLS handshake) or 'N' (plain). Bytes after
 * that answer and before the handshake are refused: a man in the middle could otherwise have them taken for
 * what the server said through TLS. The future completes when the connection may send its StartupMessage.
 * A refusal that would repeat on every attempt (no TLS where it is required, a certificate that does not
 * verify) fails with 08001, which the proxy does not retry; a connection lost meanwhile with 08006, which it may.
 */
final class ServerTlsRequest extends ByteToMessageDecoder {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServerTlsRequest.class);
    private static final int SSL_REQUEST_CODE = 80877103;

    private final ServerTls tls;
    private final TlsConfig.ServerMode mode;
    private final String host;
    private final int port;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ServerTlsRequest(ServerTls tls, TlsConfig.ServerMode mode, String host, int port) {
        this.tls = tls;
        this.mode = mode;
        this.host = host;
        this.port = port;
    }

    /** Sends SSLRequest on a freshly connected channel; the future fails with the error a client would hear. */
    static CompletableFuture<Void> start(Channel channel, ServerTls tls, TlsConfig.ServerMode mode, String host, int port) {
        ServerTlsRequest request = new ServerTlsRequest(tls, mode, host, port);
        channel.pipeline().addFirst("tls-request", request);
        ByteBuf sslRequest = channel.alloc().ioBuffer(8);
        sslRequest.writeInt(8).writeInt(SSL_REQUEST_CODE);
        channel.writeAndFlush(sslRequest);
        return request.ready;
    }

    /** The channel binding of a connection whose TLS is up, from the certificate the server presented; else null. */
    static ChannelBinding bindingOf(Channel channel) {
        SslHandler handler = channel.pipeline().get(SslHandler.class);
        if (handler == null) {
            return null;
        }
        try {
            return ChannelBinding.ofChain(handler.engine().getSession().getPeerCertificates());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable() || ready.isDone()) {
            return;
        }
        byte answer = in.readByte();
        if (in.isReadable()) {
            fail(ctx, "received unencrypted data after SSL response");
            return;
        }
        if (answer == 'S') {
            SslHandler handler = tls.newHandler(ctx.alloc(), mode, host, port);
            ctx.pipeline().replace(this, "tls", handler);
            handler.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    javax.net.ssl.SSLSession session = handler.engine().getSession();
                    log.debug("TLS to server {}:{} (tls.server.mode {}): {}, {}, SCRAM channel binding {}", host, port,
                            yamlName(mode), session.getProtocol(), session.getCipherSuite(),
                            bindingOf(ctx.channel()) != null ? "available" : "unavailable");
                    ready.complete(null);
                } else {
                    boolean lost = f.cause() instanceof java.nio.channels.ClosedChannelException;
                    failed(ctx.channel(), lost ? "08006" : "08001", "TLS handshake with server " + host + ":" + port + " (tls.server.mode "
                            + yamlName(mode) + ") failed: " + ServerTls.handshakeFailure(f.cause()));
                }
            });
        } else if (answer == 'N' && !mode.requiresTls()) {
            ctx.pipeline().remove(this);
            ready.complete(null);
        } else if (answer == 'N') {
            fail(ctx, "server " + host + ":" + port + " does not support TLS, and tls.server.mode is " + yamlName(mode));
        } else {
            fail(ctx, "server " + host + ":" + port + " answered SSLRequest with an unexpected byte " + (answer & 0xff));
        }
    }

    private void fail(ChannelHandlerContext ctx, String message) {
        failed(ctx.channel(), "08001", message);
    }

    private void failed(Channel channel, String sqlState, String message) {
        if (ready.completeExceptionally(new BackendStartupException(ErrorResponse.fatal(sqlState, message)))) {
            channel.close();
        }
    }

    private static String yamlName(TlsConfig.ServerMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
