// TLS on both legs: towards clients (the proxy as a TLS server) and towards PostgreSQL (as a TLS client).
package dev.switchboard.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code tls} section.
 *
 * @param client the client leg: whether clients may or must use TLS, and with which certificate
 * @param server the server leg: whether the proxy asks PostgreSQL for TLS and how it checks the server
 * @param engine which TLS implementation both legs use
 */
public record TlsConfig(Client client, Server server, Engine engine) {

    public TlsConfig {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(engine, "engine");
    }

    /** Both legs with the engine chosen automatically. */
    public TlsConfig(Client client, Server server) {
        this(client, server, Engine.AUTO);
    }

    /** No TLS towards clients; towards PostgreSQL, each node's default (see {@link Server#modeFor}). */
    public static TlsConfig defaults() {
        return new TlsConfig(Client.DISABLED, Server.DEFAULT);
    }

    /** The TLS implementation. YAML {@code engine}: auto, openssl, jdk. */
    public enum Engine {
        /** OpenSSL (BoringSSL, shipped with the proxy) when it loads on this platform, else the JDK's. */
        AUTO,
        /** OpenSSL or no start. */
        OPENSSL,
        /** The JDK's own TLS, whatever else is available. */
        JDK
    }

    /** Client leg. YAML {@code mode}: disable, allow, require. */
    public enum ClientMode {
        /** SSLRequest is answered 'N'; a direct TLS handshake is refused. */
        DISABLE,
        /** TLS when the client asks for it; plain connections are accepted too. */
        ALLOW,
        /** Plain connections are refused with 28000 before authentication. */
        REQUIRE
    }

    /** Client certificates. YAML {@code client_cert}: none, verify-ca, verify-full. */
    public enum ClientCertMode {
        /** None asked for. */
        NONE,
        /** A certificate signed by {@code ca_file} is required. */
        VERIFY_CA,
        /** As verify-ca, and its name must give the user name the client logs in as ({@code user_map}). */
        VERIFY_FULL
    }

    /**
     * Server leg, named as libpq's {@code sslmode}: disable, prefer, require, verify-ca, verify-full.
     */
    public enum ServerMode {
        DISABLE,
        /** TLS when PostgreSQL offers it, plain otherwise; the certificate is not checked. */
        PREFER,
        /** TLS or no connection; the certificate is not checked. */
        REQUIRE,
        /** TLS with a certificate signed by the configured (or the JDK's) trusted authorities. */
        VERIFY_CA,
        /** As verify-ca, and the certificate names the host the proxy connected to. */
        VERIFY_FULL;

        /** Whether a PostgreSQL that answers SSLRequest with 'N' is refused. */
        public boolean requiresTls() {
            return this != DISABLE && this != PREFER;
        }
    }

    /**
     * @param mode       whether TLS is offered or required
     * @param certFile   PEM certificate chain the proxy presents (required unless mode is disable)
     * @param keyFile    PEM private key of that certificate (PKCS#8, or PKCS#1 RSA)
     * @param caFile     nullable: PEM authorities that sign client certificates (required with client_cert); when
     *                   set, clients are asked for a certificate even with client_cert none, as PostgreSQL asks
     * @param clientCert whether clients must present a certificate
     * @param userMap    which users a client certificate may log in as (verify-full, and users with auth cert)
     */
    public record Client(ClientMode mode, Path certFile, Path keyFile, Path caFile, ClientCertMode clientCert,
                         CertificateUserMap userMap) {
        public static final Client DISABLED = new Client(ClientMode.DISABLE, null, null, null, ClientCertMode.NONE);

        /** Certificates name their user by their common name. */
        public Client(ClientMode mode, Path certFile, Path keyFile, Path caFile, ClientCertMode clientCert) {
            this(mode, certFile, keyFile, caFile, clientCert, CertificateUserMap.COMMON_NAME);
        }

        public Client {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(clientCert, "clientCert");
            Objects.requireNonNull(userMap, "userMap");
            if (mode != ClientMode.DISABLE && (certFile == null || keyFile == null)) {
                throw new IllegalArgumentException("client TLS needs cert_file and key_file");
            }
            if (clientCert != ClientCertMode.NONE && caFile == null) {
                throw new IllegalArgumentException("client certificates need ca_file");
            }
        }

        public boolean enabled() {
            return mode != ClientMode.DISABLE;
        }

        /** Whether clients are asked for a certificate at all (one is required only with client_cert). */
        public boolean asksForCertificates() {
            return enabled() && caFile != null;
        }
    }

    /**
     * @param mode     nullable: the same mode for every node; null = prefer for nodes on a loopback address,
     *                 verify-full for the others
     * @param caFile   nullable: PEM authorities trusted for verify-ca and verify-full; null = the JDK's
     * @param certFile nullable: PEM certificate the proxy presents to PostgreSQL (clientcert in pg_hba)
     * @param keyFile  nullable: its private key; given together with certFile
     */
    public record Server(ServerMode mode, Path caFile, Path certFile, Path keyFile) {
        public static final Server DEFAULT = new Server(null, null, null, null);

        public Server {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException("server TLS cert_file and key_file go together");
            }
        }

        /**
         * The mode towards one node: none over a Unix socket (PostgreSQL never offers TLS there, and libpq ignores
         * sslmode for one: asking would cost a round trip per connection), else the configured one, else by whether
         * the host is a loopback address.
         */
        public ServerMode modeFor(String host) {
            if (NodeAddress.isUnixSocket(host)) {
                return ServerMode.DISABLE;
            }
            if (mode != null) {
                return mode;
            }
            return isLoopback(host) ? ServerMode.PREFER : ServerMode.VERIFY_FULL;
        }

        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
        }
    }
}
