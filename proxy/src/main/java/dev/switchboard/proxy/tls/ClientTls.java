// ClientTls: the proxy's TLS towards clients — its certificate, reloaded when the files change, and the handshake's checks.
package dev.switchboard.proxy.tls;

import dev.switchboard.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS 1.2 and 1.3 only, with ALPN "postgresql" (required for PostgreSQL 17's direct TLS, accepted after
 * SSLRequest). A new certificate or key on disk is picked up by the next handshake, checked at most once a
 * second; a file that does not load leaves the previous certificate in use and says why in the log.
 */
public final class ClientTls {
    private static final Logger log = LoggerFactory.getLogger(ClientTls.class);
    static final String ALPN_POSTGRESQL = "postgresql";
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final TlsConfig.Client config;
    private final TlsEngine engine;
    private volatile Loaded loaded;
    private volatile long checkedAt = System.nanoTime();

    private record Loaded(SslContext context, List<FileStamp> stamps) {
    }

    private record FileStamp(Path path, long modified, long size) {
        static FileStamp of(Path path) {
            try {
                return new FileStamp(path, Files.getLastModifiedTime(path).toMillis(), Files.size(path));
            } catch (IOException e) {
                return new FileStamp(path, -1, -1);
            }
        }
    }

    private ClientTls(TlsConfig.Client config, TlsEngine engine, Loaded loaded) {
        this.config = config;
        this.engine = engine;
        this.loaded = loaded;
    }

    /** Loads the certificate and key; a proxy that cannot is not started. */
    public static ClientTls load(TlsConfig.Client config, TlsEngine engine) throws IOException {
        Loaded first = build(config, engine);
        log.info("TLS towards clients: {} ({}), certificate {}, {}{}", config.mode().name().toLowerCase(),
                String.join(", ", PROTOCOLS), config.certFile(), engine.displayName(),
                config.clientCert() != TlsConfig.ClientCertMode.NONE
                        ? ", client certificates " + config.clientCert().name().toLowerCase().replace('_', '-')
                        : config.asksForCertificates() ? ", client certificates asked for" : "");
        return new ClientTls(config, engine, first);
    }

    public TlsConfig.Client config() {
        return config;
    }

    public boolean required() {
        return config.mode() == TlsConfig.ClientMode.REQUIRE;
    }

    /**
     * A handler for one client connection. {@code afterSslRequest}: its first write (the 'S' answering SSLRequest)
     * leaves unencrypted; otherwise the client opened with a TLS handshake directly.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, boolean afterSslRequest) {
        reloadIfChanged();
        return new SslHandler(loaded.context().newEngine(alloc), afterSslRequest);
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) {
            return;
        }
        checkedAt = now;
        Loaded current = loaded;
        List<FileStamp> stamps = stamps(config);
        if (stamps.equals(current.stamps())) {
            return;
        }
        try {
            loaded = build(config, engine);
            log.info("TLS towards clients: certificate reloaded from {}", config.certFile());
        } catch (IOException | RuntimeException e) {
            // Marked as seen: the warning is not repeated every second; a later fix of the files is picked up.
            loaded = new Loaded(current.context(), stamps);
            log.warn("TLS towards clients: keeping the previous certificate; {} does not load: {}", config.certFile(),
                    e.getMessage());
        }
    }

    private static Loaded build(TlsConfig.Client config, TlsEngine engine) throws IOException {
        List<FileStamp> stamps = stamps(config);
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(config.certFile().toFile(), config.keyFile().toFile())
                    .sslProvider(engine.provider())
                    .protocols(PROTOCOLS)
                    .applicationProtocolConfig(alpn(engine));
            if (config.asksForCertificates()) {
                // With a CA file a certificate is asked for, as PostgreSQL asks: users with auth cert need one, and
                // client_cert makes it mandatory for everyone.
                builder.trustManager(ClientCertificateTrust.of(config.caFile(), engine)).clientAuth(
                        config.clientCert() == TlsConfig.ClientCertMode.NONE ? ClientAuth.OPTIONAL : ClientAuth.REQUIRE);
            }
            return new Loaded(builder.build(), stamps);
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load the TLS certificate " + config.certFile() + " with key " + config.keyFile()
                    + ": " + rootMessage(e), e);
        }
    }

    /**
     * The JDK's engine refuses a client that offers other ALPN protocols only with a fatal alert, as PostgreSQL does;
     * OpenSSL cannot be told to, so there the handshake goes on without a protocol, and a direct TLS connection
     * without "postgresql" is closed right after it ({@code ClientTlsStart}).
     */
    private static ApplicationProtocolConfig alpn(TlsEngine engine) {
        return engine == TlsEngine.JDK
                ? new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT, ALPN_POSTGRESQL)
                : new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN_POSTGRESQL);
    }

    private static List<FileStamp> stamps(TlsConfig.Client config) {
        List<FileStamp> stamps = new ArrayList<>();
        stamps.add(FileStamp.of(config.certFile()));
        stamps.add(FileStamp.of(config.keyFile()));
        if (config.caFile() != null) {
            stamps.add(FileStamp.of(config.caFile()));
        }
        return stamps;
    }

    /**
     * With {@code client_cert: verify-full}, the client's certificate must name the user it logs in as (by its common
     * name, or as {@code user_map} says; the handshake already checked the signature). Null when it does, else why not.
     */
    public String refusedCertificateUser(SslHandler tls, String user) {
        if (config.clientCert() != TlsConfig.ClientCertMode.VERIFY_FULL) {
            return null;
        }
        ClientCertificate certificate = ClientCertificate.of(tls);
        if (certificate == null) {
            return "connection requires a valid client certificate";
        }
        return names(certificate, user) ? null : "certificate validation (client_cert: verify-full) failed for user \""
                + user + "\": the certificate's " + certificate.describe() + " does not name this user";
    }

    /**
     * A user with {@code auth: cert} (PostgreSQL's {@code cert} method): the client's verified certificate stands in
     * for a password. Null when it names {@code user}, else the refusal, in PostgreSQL's words; {@code tls} is null
     * on a plain connection.
     */
    public String refusedCertificateLogin(SslHandler tls, String user) {
        ClientCertificate certificate = ClientCertificate.of(tls);
        if (certificate == null) {
            return "connection requires a valid client certificate";
        }
        return names(certificate, user) ? null : "certificate authentication failed for user \"" + user + "\"";
    }

    /** For the log of a refusal: the names the client's certificate carries, or that it presented none. */
    public static String describeCertificate(SslHandler tls) {
        ClientCertificate certificate = ClientCertificate.of(tls);
        return certificate == null ? "no client certificate" : "client certificate with " + certificate.describe();
    }

    private boolean names(ClientCertificate certificate, String user) {
        return config.userMap().allows(certificate.commonName(), certificate.alternativeNames(), user);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
