// ClientTls: the proxy's TLS towards clients — its certificate, reloaded when the files change, and the handshake's checks.
package dev.switchboard.proxy.tls;

import dev.switchboard.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
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

    private ClientTls(TlsConfig.Client config, Loaded loaded) {
        this.config = config;
        this.loaded = loaded;
    }

    /** Loads the certificate and key; a proxy that cannot is not started. */
    public static ClientTls load(TlsConfig.Client config) throws IOException {
        Loaded first = build(config);
        log.info("TLS towards clients: {} ({}), certificate {}, JDK engine{}", config.mode().name().toLowerCase(),
                String.join(", ", PROTOCOLS), config.certFile(), config.clientCert() == TlsConfig.ClientCertMode.NONE
                        ? "" : ", client certificates " + config.clientCert().name().toLowerCase().replace('_', '-'));
        return new ClientTls(config, first);
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
            loaded = build(config);
            log.info("TLS towards clients: certificate reloaded from {}", config.certFile());
        } catch (IOException | RuntimeException e) {
            // Marked as seen: the warning is not repeated every second; a later fix of the files is picked up.
            loaded = new Loaded(current.context(), stamps);
            log.warn("TLS towards clients: keeping the previous certificate; {} does not load: {}", config.certFile(),
                    e.getMessage());
        }
    }

    private static Loaded build(TlsConfig.Client config) throws IOException {
        List<FileStamp> stamps = stamps(config);
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(config.certFile().toFile(), config.keyFile().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT, ALPN_POSTGRESQL));
            if (config.clientCert() != TlsConfig.ClientCertMode.NONE) {
                builder.trustManager(config.caFile().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return new Loaded(builder.build(), stamps);
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load the TLS certificate " + config.certFile() + " with key " + config.keyFile()
                    + ": " + rootMessage(e), e);
        }
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
     * With {@code client_cert: verify-full}, the name the client logs in as must be its certificate's common name
     * (the handshake already checked the signature). Null when it is, else why not.
     */
    public String refusedCertificateUser(SslHandler tls, String user) {
        if (config.clientCert() != TlsConfig.ClientCertMode.VERIFY_FULL) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            String cn = commonName((X509Certificate) chain[0]);
            return user.equals(cn) ? null : "certificate validation (client_cert: verify-full) failed for user \""
                    + user + "\": the certificate's common name is \"" + cn + "\"";
        } catch (SSLPeerUnverifiedException e) {
            return "connection requires a valid client certificate";
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
