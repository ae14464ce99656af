// TlsEngine: which TLS implementation the proxy uses on both legs — OpenSSL (BoringSSL) when it loads, else the JDK's.
package dev.switchboard.proxy.tls;

import dev.switchboard.config.TlsConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BoringSSL (netty-tcnative, shipped for Linux, macOS and Windows on x86-64 and ARM) handshakes and encrypts with
 * less CPU than the JDK's engine; where its native library does not load, the JDK's engine does the same job.
 * {@code tls.engine: jdk} keeps the JDK's even where BoringSSL would load.
 */
public enum TlsEngine {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    private static final Logger log = LoggerFactory.getLogger(TlsEngine.class);
    private final SslProvider provider;

    TlsEngine(SslProvider provider) {
        this.provider = provider;
    }

    SslProvider provider() {
        return provider;
    }

    /** The engine the configuration asks for, logged with the reason when it is not OpenSSL. */
    public static TlsEngine choose(TlsConfig.Engine wanted) throws IOException {
        switch (wanted) {
            case JDK -> {
                log.info("TLS engine: JDK ({}), as tls.engine says", Runtime.version());
                return JDK;
            }
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IOException("tls.engine is openssl, but OpenSSL does not load on this platform: "
                            + ClientTls.rootMessage(OpenSsl.unavailabilityCause()));
                }
                log.info("TLS engine: {}", OpenSsl.versionString());
                return OPENSSL;
            }
            default -> {
                if (OpenSsl.isAvailable()) {
                    log.info("TLS engine: {}", OpenSsl.versionString());
                    return OPENSSL;
                }
                log.info("TLS engine: JDK ({}); OpenSSL does not load here: {}", Runtime.version(),
                        ClientTls.rootMessage(OpenSsl.unavailabilityCause()));
                return JDK;
            }
        }
    }

    /** For log lines. */
    String displayName() {
        return this == OPENSSL ? "OpenSSL engine" : "JDK engine";
    }
}
