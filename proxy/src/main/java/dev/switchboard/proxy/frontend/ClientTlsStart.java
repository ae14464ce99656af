// ClientTlsStart: where a client connection turns to TLS — after SSLRequest, or at once with a direct TLS handshake.
package dev.switchboard.proxy.frontend;

import dev.switchboard.proxy.tls.ClientTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two ways in, as PostgreSQL 17 has them: SSLRequest answered 'S' and then the handshake, or a handshake as the
 * very first bytes ("direct TLS", which must name the ALPN protocol "postgresql"). The handshake's outcome
 * is logged with the protocol and cipher; a failed one closes the connection.
 */
final class ClientTlsStart {
    private static final Logger log = LoggerFactory.getLogger(ClientTlsStart.class);
    static final String HANDLER = "tls";
    /** The first byte of a TLS record carrying a handshake. */
    private static final byte TLS_HANDSHAKE = 0x16;

    private ClientTlsStart() {
    }

    /** Put first in a new client pipeline when TLS is on: it looks at the first byte, then steps aside. */
    static void watchForDirectTls(ChannelPipeline pipeline, ClientTls tls) {
        pipeline.addFirst("direct-tls", new DirectTlsDetector(tls));
    }

    /** SSLRequest: answered 'S' in the clear, then everything is TLS. */
    static void afterSslRequest(ChannelHandlerContext ctx, ClientTls tls, ClientConnection client) {
        SslHandler handler = tls.newHandler(ctx.alloc(), true);
        ctx.pipeline().addFirst(HANDLER, handler);
        watch(handler, client, false);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
    }

    /** The TLS handler of this connection, or null when it is plain. */
    static SslHandler of(ChannelPipeline pipeline) {
        return pipeline.get(SslHandler.class);
    }

    private static void watch(SslHandler handler, ClientConnection client, boolean direct) {
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                log.info("[{}] TLS handshake failed: {}", client, f.cause().getMessage());
                handler.engine().closeOutbound();
                client.channel().close();
                return;
            }
            if (direct && !"postgresql".equals(handler.applicationProtocol())) {
                // PostgreSQL's rule: a direct handshake must say, through ALPN, that it is meant for PostgreSQL.
                log.info("[{}] direct TLS connection without the ALPN protocol \"postgresql\": closed", client);
                client.channel().close();
                return;
            }
            SSLSession session = handler.engine().getSession();
            log.info("[{}] TLS {}: {}, {}", client, direct ? "direct" : "after SSLRequest", session.getProtocol(),
                    session.getCipherSuite());
        });
    }

    /** Replaced by the TLS handler when the first byte starts a handshake; removed otherwise. */
    private static final class DirectTlsDetector extends ByteToMessageDecoder {
        private final ClientTls tls;

        DirectTlsDetector(ClientTls tls) {
            this.tls = tls;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!in.isReadable()) {
                return;
            }
            if (in.getByte(in.readerIndex()) == TLS_HANDSHAKE) {
                SslHandler handler = tls.newHandler(ctx.alloc(), false);
                ctx.pipeline().replace(this, HANDLER, handler); // the bytes read so far go on to it
                watch(handler, ctx.channel().attr(ClientAttributes.CLIENT).get(), true);
            } else {
                ctx.pipeline().remove(this);
            }
        }
    }
}
