// ServerTls: the proxy's TLS towards PostgreSQL — which mode each node gets, and the client contexts behind them.
package dev.switchboard.proxy.tls;

import dev.switchboard.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * libpq's sslmode, towards each node: prefer and require encrypt without checking the certificate, verify-ca
 * checks its signature against {@code ca_file} (or the JDK's trusted authorities), verify-full also the host
 * name. The contexts are built once at start, so a bad file stops the proxy instead of failing every connect.
 */
public final class ServerTls {
    private final TlsConfig.Server config;
    private final TlsEngine engine;
    private final Map<TlsConfig.ServerMode, SslContext> contexts = new EnumMap<>(TlsConfig.ServerMode.class);

    private ServerTls(TlsConfig.Server config, TlsEngine engine) {
        this.config = config;
        this.engine = engine;
    }

    public static ServerTls load(TlsConfig.Server config, TlsEngine engine) throws IOException {
        ServerTls tls = new ServerTls(config, engine);
        for (TlsConfig.ServerMode mode : TlsConfig.ServerMode.values()) {
            if (mode != TlsConfig.ServerMode.DISABLE) {
                tls.contexts.put(mode, tls.build(mode));
            }
        }
        return tls;
    }

    /** TLS for connections the proxy makes itself (tests); nothing is checked, as with prefer. */
    public static ServerTls disabled() {
        return new ServerTls(new TlsConfig.Server(TlsConfig.ServerMode.DISABLE, null, null, null), TlsEngine.JDK);
    }

    public TlsConfig.ServerMode modeFor(String host) {
        return config.modeFor(host);
    }

    /** The handler that encrypts one server connection to {@code host}, checked as {@code mode} says. */
    public SslHandler newHandler(ByteBufAllocator alloc, TlsConfig.ServerMode mode, String host, int port) {
        SSLEngine engine = contexts.get(mode).newEngine(alloc, host, port);
        if (mode == TlsConfig.ServerMode.VERIFY_FULL) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
            engine.setSSLParameters(parameters);
        }
        return new SslHandler(engine);
    }

    private SslContext build(TlsConfig.ServerMode mode) throws IOException {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(engine.provider())
                    .protocols(ClientTls.PROTOCOLS)
                    .endpointIdentificationAlgorithm(null); // host names are checked per engine, for verify-full only
            if (mode == TlsConfig.ServerMode.PREFER || mode == TlsConfig.ServerMode.REQUIRE) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (config.caFile() != null) {
                builder.trustManager(config.caFile().toFile());
            }
            if (config.certFile() != null) {
                builder.keyManager(config.certFile().toFile(), config.keyFile().toFile());
            }
            return builder.build();
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new IOException("cannot set up TLS towards PostgreSQL (" + describe() + "): "
                    + ClientTls.rootMessage(e), e);
        }
    }

    /**
     * Why a handshake with PostgreSQL failed, in OpenSSL's words where the certificate's dates are the reason (what
     * libpq would report for the same server); the engine's own message otherwise.
     */
    public static String handshakeFailure(Throwable cause) {
        Throwable dates = datesProblem(cause, 0);
        if (dates instanceof java.security.cert.CertificateExpiredException
                || dates instanceof java.security.cert.CertPathValidatorException e
                && e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED) {
            return "certificate verify failed: certificate has expired (" + dates.getMessage() + ")";
        }
        if (dates != null) {
            return "certificate verify failed: certificate is not yet valid (" + dates.getMessage() + ")";
        }
        return cause.getMessage();
    }

    /** The certificate-date exception somewhere in the causes (JDK engine) or suppressed ones (OpenSSL engine). */
    private static Throwable datesProblem(Throwable t, int depth) {
        if (t == null || depth > 10) {
            return null;
        }
        if (t instanceof java.security.cert.CertificateExpiredException
                || t instanceof java.security.cert.CertificateNotYetValidException) {
            return t;
        }
        if (t instanceof java.security.cert.CertPathValidatorException e
                && (e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED
                || e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
            Throwable inner = datesProblem(e.getCause(), depth + 1);
            return inner != null ? inner : e;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            Throwable found = datesProblem(suppressed, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return t.getCause() == t ? null : datesProblem(t.getCause(), depth + 1);
    }

    private String describe() {
        return "ca_file " + (config.caFile() == null ? "the JDK's" : config.caFile())
                + (config.certFile() == null ? "" : ", cert_file " + config.certFile());
    }
}
